namespace Crashdesk.Core.Services;

/// <summary>Checks and trims the text fields of a case (create and edit alike).</summary>
internal static class CaseFields
{
    public const int TitleMax = 300;
    public const int CustomerMax = 200;
    public const int ExternalReferenceMax = 200;
    public const int DescriptionMax = 20_000;
    public const int TagMax = 50;
    public const int TagsPerCase = 30;

    public static string Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ValidationException(field, $"{field} is required")
            : Optional(field, value, maxLength)!;

    public static string? Optional(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        value = value.Trim();
        return value.Length > maxLength
            ? throw new ValidationException(field, $"{field} is longer than {maxLength} characters")
            : value;
    }

    /// <summary>Trimmed, distinct (ignoring case) tags; each 1–50 printable characters without commas.</summary>
    public static IReadOnlyList<string> Tags(IReadOnlyList<string>? tags)
    {
        var result = new List<string>();
        foreach (var raw in tags ?? [])
        {
            var tag = raw?.Trim() ?? "";
            if (tag.Length == 0)
                continue;
            if (tag.Length > TagMax)
                throw new ValidationException("tags", $"tag '{tag[..TagMax]}…' is longer than {TagMax} characters");
            if (tag.Any(c => char.IsControl(c) || c == ','))
                throw new ValidationException("tags", $"tag '{tag}' contains a comma or a control character");
            if (!result.Contains(tag, StringComparer.OrdinalIgnoreCase))
                result.Add(tag);
        }
        return result.Count > TagsPerCase
            ? throw new ValidationException("tags", $"a case has at most {TagsPerCase} tags")
            : result;
    }
}
