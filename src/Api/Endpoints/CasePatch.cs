using System.Text.Json;
using Crashdesk.Core.Services;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// Reads a JSON merge patch (RFC 7396) of a case into <see cref="CaseChanges"/>: a member that is
/// absent is left alone, one that is null is cleared (where the field can be empty), anything
/// unknown or of the wrong type is refused naming the member.
/// </summary>
internal static class CasePatch
{
    public static CaseChanges Read(JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
            throw new ValidationException("body", "a case patch is a JSON object");
        var changes = new CaseChanges();
        foreach (var member in patch.EnumerateObject())
        {
            changes = member.Name switch
            {
                "title" => changes with { Title = Change<string>.To(String(member)) },
                "customer" => changes with { Customer = Change<string>.To(String(member)) },
                "externalReference" => changes with { ExternalReference = Change<string?>.To(NullableString(member)) },
                "description" => changes with { Description = Change<string?>.To(NullableString(member)) },
                "status" => changes with { Status = Change<string>.To(String(member)) },
                "priority" => changes with { Priority = Change<string>.To(String(member)) },
                "assignee" => changes with { AssigneeUserId = Change<Guid?>.To(UserId(member)) },
                "tags" => changes with { Tags = Change<IReadOnlyList<string>>.To(Strings(member)) },
                _ => throw new ValidationException(member.Name,
                    $"'{member.Name}' cannot be changed; one of title, customer, externalReference, description, status, priority, assignee, tags"),
            };
        }
        return changes;
    }

    private static string String(JsonProperty member) =>
        member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : throw new ValidationException(member.Name, $"{member.Name} must be a string");

    private static string? NullableString(JsonProperty member) =>
        member.Value.ValueKind == JsonValueKind.Null ? null : String(member);

    private static Guid? UserId(JsonProperty member) =>
        member.Value.ValueKind == JsonValueKind.Null ? null
        : member.Value.ValueKind == JsonValueKind.String && Guid.TryParse(member.Value.GetString(), out var id) ? id
        : throw new ValidationException(member.Name, "assignee must be a user id or null");

    private static IReadOnlyList<string> Strings(JsonProperty member) =>
        member.Value.ValueKind == JsonValueKind.Array && member.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. member.Value.EnumerateArray().Select(e => e.GetString()!)]
            : throw new ValidationException(member.Name, "tags must be an array of strings");
}
