namespace Crashdesk.Core.Paging;

/// <summary>
/// A <c>cursor</c> the list cannot continue from: garbled, tampered with, of another format version, or made for
/// another sort or other filters (API: 400 with code <c>invalid_cursor</c>, naming <see cref="Parameter"/>).
/// </summary>
public sealed class InvalidCursorException(string message, string parameter = "cursor") : Exception(message)
{
    public string Parameter { get; } = parameter;
}
