using Crashdesk.Core.Paging;
using System.Security.Claims;
using Crashdesk.Api.Auth;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Accounts;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// /api/v1/organizations (the caller's organisations; the support centre's administrators create more) and
/// /api/v1/organization/members (the people of the organisation the caller acts in: administrators only).
/// </summary>
internal static class OrganizationEndpoints
{
    public static RouteGroupBuilder MapOrganizationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organizations", ListOrganizationsAsync).WithTags("Organizations").WithName("ListOrganizations").ForCustomers()
            .WithSummary("The organisations the caller may act in: the provider first, then by name").WithDescription(ListPaging.Described);
        api.MapPost("/organizations", CreateOrganizationAsync).WithTags("Organizations").WithName("CreateOrganization").AdminOnly();

        var members = api.MapGroup("/organization/members").WithTags("Organizations").AdminOnly();
        members.MapGet("/", ListMembersAsync).WithName("ListMembers").WithSummary("The organisation's members, by name").WithDescription(ListPaging.Described);
        members.MapPost("/", AddMemberAsync).WithName("AddMember");
        members.MapPut("/{userId:guid}", SetRoleAsync).WithName("SetMemberRole");
        members.MapDelete("/{userId:guid}", RemoveMemberAsync).WithName("RemoveMember");
        members.MapPost("/{userId:guid}/deactivate", (Guid userId, ClaimsPrincipal user, IMembershipService service, CancellationToken ct) =>
            SetActiveAsync(userId, false, user, service, ct)).WithName("DeactivateUser");
        members.MapPost("/{userId:guid}/reactivate", (Guid userId, ClaimsPrincipal user, IMembershipService service, CancellationToken ct) =>
            SetActiveAsync(userId, true, user, service, ct)).WithName("ReactivateUser");
        members.MapGet("/{userId:guid}/external-logins", ListExternalLoginsAsync).WithName("ListExternalLogins");
        members.MapDelete("/{userId:guid}/external-logins/{loginId:guid}", UnlinkExternalLoginAsync).WithName("UnlinkExternalLogin");
        return api;
    }

    private static readonly Keyset<OrganizationDto> OrganizationOrder =
        Keyset<OrganizationDto>.By(o => o.IsProvider ? 0 : 1).ThenBy(o => o.Name).ThenBy(o => o.Id);
    private static readonly Keyset<MemberDto> MemberOrder = Keyset<MemberDto>.By(m => m.DisplayName).ThenBy(m => m.UserId);

    private static async Task<Ok<CursorPageDto<OrganizationDto>>> ListOrganizationsAsync(
        ClaimsPrincipal user, IMembershipService service, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var list = await service.ListOrganizationsAsync(user.Caller(), cancellationToken);
        return TypedResults.Ok(ListPaging.Page(list.Select(Dto.Of), OrganizationOrder, "organizations", cursor, limit));
    }

    private static async Task<Created<OrganizationDto>> CreateOrganizationAsync(
        CreateOrganizationRequest request, ClaimsPrincipal user, IMembershipService service, CancellationToken cancellationToken)
    {
        var created = await service.CreateOrganizationAsync(user.Caller(), request.Name, cancellationToken);
        return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/organizations/{created.Id}", Dto.Of(created));
    }

    private static async Task<Ok<CursorPageDto<MemberDto>>> ListMembersAsync(
        ClaimsPrincipal user, IMembershipService service, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var list = await service.ListMembersAsync(user.Caller(), cancellationToken);
        return TypedResults.Ok(ListPaging.Page(list.Select(Dto.Of), MemberOrder, "members", cursor, limit));
    }

    private static async Task<Created<AddedMemberDto>> AddMemberAsync(
        AddMemberRequest request, ClaimsPrincipal user, IMembershipService service, CancellationToken cancellationToken)
    {
        var added = await service.AddMemberAsync(user.Caller(), new NewMember(request.Email, request.DisplayName, ParseRole(request.Role), request.Password), cancellationToken);
        return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/organization/members/{added.Member.UserId}", new AddedMemberDto(Dto.Of(added.Member), added.UserCreated, added.InitialPassword));
    }

    private static async Task<Results<Ok<MemberDto>, ProblemHttpResult>> SetRoleAsync(
        Guid userId, SetRoleRequest request, ClaimsPrincipal user, IMembershipService service, CancellationToken cancellationToken) =>
        await service.SetRoleAsync(user.Caller(), userId, ParseRole(request.Role), cancellationToken) is { } member
            ? TypedResults.Ok(Dto.Of(member))
            : NotAMember(userId);

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        Guid userId, ClaimsPrincipal user, IMembershipService service, CancellationToken cancellationToken) =>
        await service.RemoveMemberAsync(user.Caller(), userId, cancellationToken) ? TypedResults.NoContent() : NotAMember(userId);

    private static async Task<Results<Ok<MemberDto>, ProblemHttpResult>> SetActiveAsync(
        Guid userId, bool active, ClaimsPrincipal user, IMembershipService service, CancellationToken cancellationToken) =>
        await service.SetActiveAsync(user.Caller(), userId, active, cancellationToken) is { } member
            ? TypedResults.Ok(Dto.Of(member))
            : Problems.Of(status: StatusCodes.Status404NotFound, title: "User not found",
                detail: $"There is no user {userId} whose home is your organisation.");

    /// <summary>The user's single sign-on identities; only users whose home is the caller's organisation (as for deactivation).</summary>
    private static async Task<Results<Ok<IReadOnlyList<ExternalLoginDto>>, ProblemHttpResult>> ListExternalLoginsAsync(
        Guid userId, ClaimsPrincipal user, IMembershipService members, IExternalLoginService service, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        if (!(await members.ListMembersAsync(caller, cancellationToken)).Any(m => m.UserId == userId && m.IsHome))
            return NotAtHome(userId);
        var list = await service.ListAsync(caller, userId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ExternalLoginDto>>([.. list.Select(Dto.Of)]);
    }

    /// <summary>Unlinks one identity (audited): that provider account no longer signs in as the user; open sessions stay.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> UnlinkExternalLoginAsync(
        Guid userId, Guid loginId, ClaimsPrincipal user, IExternalLoginService service, CancellationToken cancellationToken) =>
        await service.UnlinkAsync(user.Caller(), userId, loginId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Of(status: StatusCodes.Status404NotFound, title: "External login not found",
                detail: $"User {userId} of your organisation has no single sign-on identity {loginId}.");

    private static ProblemHttpResult NotAtHome(Guid userId) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "User not found",
            detail: $"There is no user {userId} whose home is your organisation.");

    private static OrganizationRole ParseRole(string? name) =>
        CallerClaims.TryParseRole(name, out var role)
            ? role
            : throw new ValidationException("role", $"unknown role '{name}': the roles are customer, engineer and admin");

    private static ProblemHttpResult NotAMember(Guid userId) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Member not found", detail: $"User {userId} is not a member of your organisation.");
}
