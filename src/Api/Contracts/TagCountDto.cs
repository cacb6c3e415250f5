namespace Crashdesk.Api.Contracts;

/// <summary>A tag of the organisation and on how many cases it is.</summary>
public sealed record TagCountDto(string Name, int Cases);
