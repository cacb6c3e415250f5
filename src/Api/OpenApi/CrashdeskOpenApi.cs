using Crashdesk.Api.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crashdesk.Api.OpenApi;

/// <summary>What the generated OpenAPI document cannot know from the endpoints alone.</summary>
internal static class CrashdeskOpenApi
{
    /// <summary>The wire's revision within v1: a client reads it to know which shapes it gets.</summary>
    public const string Revision = "3";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Version = $"v1 (revision {Revision})";
            document.Info.Description =
                "Crashdesk's REST API. Revision 3 (2026-12-04): every list (every GET answering a collection) is " +
                "{\"items\": [...], \"nextCursor\": \"…\" | null} and is paged by ?cursor= (the previous page's nextCursor, sent with the " +
                "same filters and sort) and ?limit= (1-200, default 50) instead of page/pageSize or skip/take: keyset pagination, so rows " +
                "created or changed while a client pages are never skipped or repeated. A cursor of other filters or another sort, or a " +
                "damaged one, is a 400 with code invalid_cursor. Lists small by nature (tags, users, API keys, webhooks, similar cases, a " +
                "report comparison) answer every item with nextCursor null. Totals: the case list (total, totalIsLowerBound), crash groups " +
                "and the audit log have one; no other list does. The case list gained sort=kernel. " +
                "Revision 2 (2026-12-03): every 64-bit unsigned value (kernel addresses, registers, masks, " +
                "kernel timestamps in ns) is a \"0x…\" hex string, no longer a JSON number (JavaScript loses precision above 2^53). " +
                "Every POST takes an Idempotency-Key; every error is a ProblemDetails with a machine-readable `code`.";
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type == typeof(ulong) || type == typeof(ulong?))
            {
                schema.Type = type == typeof(ulong) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Format = null;
                schema.Pattern = "^0x[0-9a-f]{1,16}$";
                schema.Description ??= "A 64-bit value as a hex string (\"0xffffffff81000000\").";
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)
                && context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyKeys.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Makes a retry safe: the first request with a key runs, every later one with the same key and request " +
                        "gets its answer again (header Idempotent-Replayed: true) for 24 hours; the same key with another request is a 422.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
            }
            return Task.CompletedTask;
        });
    }
}
