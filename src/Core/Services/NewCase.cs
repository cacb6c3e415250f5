namespace Crashdesk.Core.Services;

/// <summary>What creating a case needs. Title and Customer are required; lengths are checked by the service.</summary>
public sealed record NewCase(string Title, string Customer, string? ExternalReference, string? Description);
