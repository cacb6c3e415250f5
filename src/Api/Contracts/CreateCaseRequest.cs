namespace Crashdesk.Api.Contracts;

/// <summary>POST /api/v1/cases. <c>customer</c> is the customer the case is for.</summary>
public sealed record CreateCaseRequest(string Title, string Customer, string? ExternalReference, string? Description);
