namespace Crashdesk.Core.Domain;

/// <summary>Wire names of <see cref="NoteAnchorKind"/>: <c>log-line</c>, <c>frame</c>, <c>task</c>, <c>lock</c>.</summary>
public static class NoteAnchors
{
    public static string Name(NoteAnchorKind kind) => kind switch
    {
        NoteAnchorKind.LogLine => "log-line",
        NoteAnchorKind.Frame => "frame",
        NoteAnchorKind.Task => "task",
        NoteAnchorKind.Lock => "lock",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? name, out NoteAnchorKind kind)
    {
        foreach (var candidate in Enum.GetValues<NoteAnchorKind>())
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static NoteAnchorKind Parse(string name) =>
        TryParse(name, out var kind) ? kind : throw new InvalidOperationException($"unknown note anchor kind '{name}' in the database");
}
