using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Tests.Domain;

public sealed class CaseWorkflowTests
{
    [Theory]
    [InlineData("new", "triaging", true)]
    [InlineData("new", "waiting-for-customer", true)]
    [InlineData("new", "closed", true)]
    [InlineData("new", "root-caused", false)]
    [InlineData("triaging", "waiting-for-customer", true)]
    [InlineData("waiting-for-customer", "triaging", true)]
    [InlineData("triaging", "root-caused", true)]
    [InlineData("root-caused", "closed", true)]
    [InlineData("closed", "triaging", true)]
    [InlineData("closed", "root-caused", false)]
    [InlineData("closed", "new", false)]
    [InlineData("triaging", "new", false)]
    [InlineData("closed", "closed", true)]
    public void Moves_follow_the_workflow(string from, string to, bool allowed)
    {
        Assert.True(CaseWorkflow.TryParse(from, out var f));
        Assert.True(CaseWorkflow.TryParse(to, out var t));
        Assert.Equal(allowed, CaseWorkflow.CanMove(f, t));
    }

    [Fact]
    public void Wire_names_round_trip_and_unknown_names_are_refused()
    {
        foreach (var status in CaseWorkflow.All)
        {
            Assert.True(CaseWorkflow.TryParse(CaseWorkflow.Name(status), out var parsed));
            Assert.Equal(status, parsed);
        }
        Assert.False(CaseWorkflow.TryParse("solved", out _));
        Assert.False(CaseWorkflow.TryParse(null, out _));
    }

    [Theory]
    [InlineData("P1", true)]
    [InlineData("p4", true)]
    [InlineData("P0", false)]
    [InlineData("P5", false)]
    [InlineData("high", false)]
    [InlineData("", false)]
    public void Priorities_are_P1_to_P4(string name, bool valid) =>
        Assert.Equal(valid, CaseWorkflow.TryParsePriority(name, out _));
}
