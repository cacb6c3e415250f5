using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crashdesk.Analysis.IO;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Architecture;

/// <summary>
/// The direction of the projects: Analysis → nothing (BCL only); Core → Analysis, never a host; Web and
/// Worker → Core, never Api; Cli → Analysis, never a host; and inside Analysis namespaces point one
/// way (formats → memory/translation → symbols/types → kernel target → context → extractors →
/// triage/reports), which this checks as "no cycle" between namespaces.
/// </summary>
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

    [Theory]
    [InlineData("Web", "Web")]
    [InlineData("Worker", "Crashdesk.Worker")]
    public void Web_and_Worker_never_reference_Api(string project, string assembly)
    {
        var references = ReferencesOf(project, assembly);
        Assert.Contains("Core", references);
        Assert.DoesNotContain("Crashdesk.Api", references);
    }

    [Fact]
    public void Cli_never_references_Api_Web_or_Worker()
    {
        var references = ReferencesOf("Cli", "crashdesk");
        Assert.Contains("Analysis", references);
        foreach (var host in new[] { "Crashdesk.Api", "Web", "Crashdesk.Worker" })
            Assert.DoesNotContain(host, references);
    }

    [Fact]
    public void Analysis_namespaces_have_no_cycle()
    {
        var graph = NamespaceGraph.Read(typeof(IByteSource).Assembly.Location, "Crashdesk.Analysis", perTypeNamespace: "Crashdesk.Analysis");
        // The reader sees the engine at all: the kernel context uses the symbol table, the extractors the context.
        Assert.Contains("Crashdesk.Analysis.Symbols", graph.EdgesOf("Crashdesk.Analysis.Context").Keys);
        Assert.Contains("Crashdesk.Analysis.Context", graph.EdgesOf("Crashdesk.Analysis.Extractors.Tasks").Keys);
        var cycles = graph.FindCycles();
        Assert.True(cycles.Count == 0, $"namespace cycles inside src/Analysis:\n{string.Join("\n", cycles)}");
    }

    [Fact]
    public void Api_namespaces_have_no_cycle()
    {
        // The endpoints stand on auth, audit and idempotency, never the other way: the helpers all of
        // them use (problem answers, the caller) live at the Api root, one node per type.
        var graph = NamespaceGraph.Read(AssemblyPath("Api", "Crashdesk.Api"), "Crashdesk.Api", perTypeNamespace: "Crashdesk.Api");
        Assert.Contains("Crashdesk.Api.Auth", graph.EdgesOf("Crashdesk.Api.Endpoints").Keys);
        var cycles = graph.FindCycles();
        Assert.True(cycles.Count == 0, $"namespace cycles inside src/Api:\n{string.Join("\n", cycles)}");
    }

    [Fact]
    public void The_cycle_search_names_the_cycle_and_an_example_per_edge()
    {
        var graph = NamespaceGraph.FromEdges([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E")]);
        var cycle = Assert.Single(graph.FindCycles());
        Assert.StartsWith("A → B → C → A\n", cycle, StringComparison.Ordinal);
        Assert.Contains("C → A: C uses A", cycle, StringComparison.Ordinal);
        Assert.Empty(NamespaceGraph.FromEdges([("A", "B"), ("B", "C"), ("A", "C")]).FindCycles());
    }

    /// <summary>
    /// The assembly names <paramref name="assembly"/> (src/<paramref name="project"/>'s build output,
    /// same configuration as these tests) references; read as metadata, never loaded.
    /// </summary>
    private static List<string> ReferencesOf(string project, string assembly)
    {
        using var pe = new PEReader(File.OpenRead(AssemblyPath(project, assembly)));
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(r => md.GetString(md.GetAssemblyReference(r).Name)).ToList();
    }

    /// <summary>src/<paramref name="project"/>'s built <paramref name="assembly"/>, same configuration as these tests.</summary>
    private static string AssemblyPath(string project, string assembly)
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string path = Path.Combine(TestFixtures.RepositoryRoot(), "src", project, "bin", configuration, "net10.0", assembly + ".dll");
        Assert.True(File.Exists(path), $"{path} is not built (build the solution first)");
        return path;
    }
}
