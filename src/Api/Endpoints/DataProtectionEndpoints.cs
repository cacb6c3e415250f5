using System.Security.Claims;
using Crashdesk.Api.Auth;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// /api/v1/organization/retention, /organization/quota, /organization/audit-retention and /organization/console-access
/// (the organisation's administrators), and
/// /api/v1/cases/{id}/legal-hold (engineers and administrators).
/// </summary>
internal static class DataProtectionEndpoints
{
    public static RouteGroupBuilder MapDataProtectionApi(this RouteGroupBuilder api)
    {
        var organization = api.MapGroup("/organization").WithTags("Data protection").AdminOnly();
        organization.MapGet("/retention", async (ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.GetRetentionAsync(user.Caller(), ct))))
            .WithName("GetRetentionPolicy")
            .WithSummary("How many days raw dumps (vmcore artifacts) are kept; null: for ever");
        organization.MapPut("/retention", async (SetRetentionRequest request, ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.SetRetentionAsync(user.Caller(), request.Days, ct))))
            .WithName("SetRetentionPolicy")
            .WithDescription("The recurring purge job (maintenance queue, Retention:Schedule) deletes raw dumps older than this, except on cases under legal hold; their rows stay with purgedAt and the reason, reports, notes and environments are kept.");
        organization.MapGet("/quota", async (ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.GetQuotaAsync(user.Caller(), ct))))
            .WithName("GetStorageQuota")
            .WithSummary("The organisation's storage quota in bytes (null: none) and its use");
        organization.MapPut("/quota", async (SetQuotaRequest request, ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.SetQuotaAsync(user.Caller(), request.Bytes, ct))))
            .WithName("SetStorageQuota")
            .WithDescription("An upload that would take the organisation's artifacts over the quota is refused with 413, naming the file, the quota and the use; nothing is kept.");
        organization.MapGet("/audit-retention", async (ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.GetAuditRetentionAsync(user.Caller(), ct))))
            .WithName("GetAuditRetention")
            .WithSummary("How many days audit events are kept; null: for ever");
        organization.MapPut("/audit-retention", async (SetRetentionRequest request, ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.SetAuditRetentionAsync(user.Caller(), request.Days, ct))))
            .WithName("SetAuditRetention")
            .WithDescription("30..36500 days, or null for ever. The daily maintenance run deletes older events and records how many it deleted as an audit.purge event; nothing else may delete from the audit log.");
        organization.MapGet("/console-access", async (ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.GetConsoleAccessAsync(user.Caller(), ct))))
            .WithName("GetConsoleAccessPolicy")
            .WithSummary("Whether customer accounts may use the case console (it reads the dump's memory)");
        organization.MapPut("/console-access", async (SetConsoleAccessRequest request, ClaimsPrincipal user, IDataPolicyService service, CancellationToken ct) =>
            TypedResults.Ok(DataProtectionDtos.Of(await service.SetConsoleAccessAsync(user.Caller(), request.Customers, ct))))
            .WithName("SetConsoleAccessPolicy")
            .WithDescription("Engineers and administrators always have the console; customers only when this is true. Recorded as a policy.change audit event.");

        api.MapPut("/cases/{id:guid}/legal-hold", PlaceAsync).WithTags("Data protection").WithName("PlaceLegalHold")
            .WithSummary("Puts the case on legal hold (body optional: {\"reason\"}): no retention policy purges its files while it is held");
        api.MapDelete("/cases/{id:guid}/legal-hold", ReleaseAsync).WithTags("Data protection").WithName("ReleaseLegalHold")
            .WithSummary("Releases the case's legal hold (none is not an error)");
        return api;
    }

    private static async Task<Results<Ok<LegalHoldDto>, ProblemHttpResult>> PlaceAsync(
        Guid id, PlaceLegalHoldRequest? request, ClaimsPrincipal user, ILegalHoldService service, CancellationToken cancellationToken) =>
        await service.PlaceAsync(user.Caller(), id, request?.Reason, cancellationToken) is { } hold
            ? TypedResults.Ok(DataProtectionDtos.Of(hold)!)
            : CaseEndpoints.NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(
        Guid id, ClaimsPrincipal user, ILegalHoldService service, CancellationToken cancellationToken) =>
        await service.ReleaseAsync(user.Caller(), id, cancellationToken) ? TypedResults.NoContent() : CaseEndpoints.NotFound(id);
}
