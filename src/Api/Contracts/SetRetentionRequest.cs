namespace Crashdesk.Api.Contracts;

/// <summary>PUT /organization/retention: <c>days</c> 0..36500, or null to keep raw dumps for ever.</summary>
public sealed record SetRetentionRequest(int? Days);
