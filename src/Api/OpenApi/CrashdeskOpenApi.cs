using Crashdesk.Api.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crashdesk.Api.OpenApi;

/// <summary>What the generated OpenAPI document cannot know from the endpoints alone.</summary>
internal static class CrashdeskOpenApi
{
    /// <summary>The wire's revision within v1: a client reads it to know which shapes it gets.</summary>
    public const string Revision = "2";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Version = $"v1 (revision {Revision})";
            document.Info.Description =
                "Crashdesk's REST API. Revision 2 (2026-12-03): every 64-bit unsigned value (kernel addresses, registers, masks, " +
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
