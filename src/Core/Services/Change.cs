namespace Crashdesk.Core.Services;

/// <summary>
/// A field of an edit that may be absent (leave it), or set — possibly to null (clear it): JSON merge
/// patch's three states (RFC 7396), which a plain nullable cannot tell apart.
/// </summary>
public readonly record struct Change<T>(bool IsSet, T Value)
{
    public static Change<T> Keep => default;

    public static Change<T> To(T value) => new(true, value);
}
