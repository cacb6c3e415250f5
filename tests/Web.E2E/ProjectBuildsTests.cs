namespace Crashdesk.Web.E2E;

public class ProjectBuildsTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Web.E2E", typeof(ProjectBuildsTests).Assembly.GetName().Name);
}
