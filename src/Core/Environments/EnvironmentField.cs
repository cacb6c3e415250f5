namespace Crashdesk.Core.Environments;

/// <summary>One scalar field of a section: its key on the wire, its label for people, its kind.</summary>
/// <param name="Section"><c>hardware</c> or <c>os</c>.</param>
/// <param name="Key">The key inside the section (camelCase), e.g. <c>biosVersion</c>.</param>
/// <param name="Label">What the UI calls it.</param>
/// <param name="Kind">How the value is checked and shown.</param>
/// <param name="Weight">How likely a difference in it matters to a crash (higher first in a comparison).</param>
public sealed record EnvironmentField(string Section, string Key, string Label, EnvironmentFieldKind Kind, int Weight)
{
    /// <summary>The field's path, e.g. <c>hardware.biosVersion</c>.</summary>
    public string Path => $"{Section}.{Key}";
}
