namespace Crashdesk.Api.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Api.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
}
