using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Groups;
using Crashdesk.Core.KnownIssues;
using Crashdesk.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Tenancy;

/// <summary>
/// The UI calls Core's services directly, past the API's access rules, so the services hold the customer rule
/// themselves: every change that is the support centre's refuses a customer's staff with a message that says so,
/// and changes nothing; what a customer may do (add a note, which is then customer-visible) still works.
/// </summary>
public sealed class CustomerServiceRulesTests
{
    [Fact]
    public async Task Every_change_reserved_to_the_support_centre_refuses_a_customer_and_changes_nothing()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (engineer, _) = await factory.CreateTenantAsync(role: OrganizationRole.Engineer);
        var (customer, _) = await factory.AddUserAsync(engineer.OrganizationId, "Customer", OrganizationRole.Customer);
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var cases = services.GetRequiredService<ICaseService>();
        var notes = services.GetRequiredService<INoteService>();
        var kase = await cases.CreateAsync(engineer, new NewCase("customer rules", "ACME", null, null));
        var staffNote = await notes.AddAsync(engineer, kase.Id, new NewNote("for the customer", Visibility: NoteVisibility.Customer));
        var groupId = Guid.NewGuid();

        var refusals = new (string What, Func<Task> Change)[]
        {
            ("the workflow", () => cases.UpdateAsync(customer, kase.Id, kase.Revision, new CaseChanges { Status = Change<string>.To("closed") })),
            ("editing a note", () => notes.EditAsync(customer, kase.Id, staffNote!.Id, staffNote.Revision, "changed by the customer")),
            ("deleting a note", () => notes.DeleteAsync(customer, kase.Id, staffNote!.Id)),
            ("moving the case's group", () => services.GetRequiredService<ICrashGroupService>().MoveCaseAsync(customer, kase.Id, null)),
            ("merging groups", () => services.GetRequiredService<ICrashGroupService>().MergeAsync(customer, groupId, Guid.NewGuid())),
            ("splitting a group", () => services.GetRequiredService<ICrashGroupService>().SplitAsync(customer, groupId, [kase.Id], "split")),
            ("a legal hold", () => services.GetRequiredService<ILegalHoldService>().PlaceAsync(customer, kase.Id, "mine")),
            ("releasing a hold", () => services.GetRequiredService<ILegalHoldService>().ReleaseAsync(customer, kase.Id)),
            ("a known issue", () => services.GetRequiredService<IKnownIssueService>().PutAsync(customer, groupId, new KnownIssueInput { Title = "x" }, null)),
            ("unmarking a known issue", () => services.GetRequiredService<IKnownIssueService>().DeleteAsync(customer, groupId)),
            ("re-analysis", () => services.GetRequiredService<IAnalysisService>().ReanalyseAsync(customer, kase.Id, null)),
            ("editing the environment", () => services.GetRequiredService<IEnvironmentService>().ReplaceCaseAsync(customer, kase.Id,
                new EnvironmentInput { Notes = "customer edit" }, "manual", "by a customer", null)),
            ("importing an environment", () => services.GetRequiredService<IEnvironmentService>().ImportCaseAsync(customer, kase.Id, new EnvironmentInput { Notes = "x" })),
            ("a customer environment", () => services.GetRequiredService<IEnvironmentService>().CreateEnvironmentAsync(customer, "prod", null)),
            ("linking an environment", () => services.GetRequiredService<IEnvironmentService>().LinkCaseAsync(customer, kase.Id, null)),
        };
        foreach (var (what, change) in refusals)
        {
            var refused = await Assert.ThrowsAsync<ForbiddenException>(change);
            Assert.StartsWith("a customer account cannot ", refused.Message);
            Assert.True(refused.Message.Length > 40, what);
        }

        var after = await cases.GetAsync(engineer, kase.Id);
        Assert.Equal(kase.Status, after!.Status);
        Assert.Null(after.LegalHold);
        var shown = await notes.ListAsync(engineer, kase.Id);
        Assert.Equal("for the customer", Assert.Single(shown!).Body);
        // What a customer's staff may do still works, and their note is one the customer sees.
        var reply = await notes.AddAsync(customer, kase.Id, new NewNote("our reply"));
        Assert.Equal("customer", reply!.Visibility);
    }
}
