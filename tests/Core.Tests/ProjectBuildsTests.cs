namespace Crashdesk.Core.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Core.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
}
