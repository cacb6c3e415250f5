namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>Tests that watch the file system for writes: xunit runs this collection alone, after the parallel ones, so no other test writes meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NoParallelFileSystemCollection
{
    public const string Name = "sosreport: file-system watch";
}
