namespace Crashdesk.Core.Services;

/// <summary>A tag of the organisation and on how many of its cases it is.</summary>
public sealed record TagCount(string Name, int Cases);
