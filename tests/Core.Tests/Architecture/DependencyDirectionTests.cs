using Crashdesk.Analysis.IO;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Architecture;

/// <summary>docs/architecture.md: Analysis → nothing (BCL only); Core → Analysis, never the hosts.</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void Analysis_references_only_the_base_class_library()
    {
        var references = typeof(IByteSource).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(name is "System" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal),
            $"Analysis references {name}"));
    }

    [Fact]
    public void Core_references_Analysis_but_no_host()
    {
        var references = typeof(IBlobStore).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Analysis", references);
        foreach (var host in new[] { "Crashdesk.Api", "Crashdesk.Worker", "Web", "Cli", "crashdesk" })
            Assert.DoesNotContain(host, references);
    }
}
