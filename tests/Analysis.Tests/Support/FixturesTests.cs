namespace Crashdesk.Analysis.Tests.Support;

public class FixturesTests
{
    [Fact]
    public void EveryDumpFolderHasADumpAndItsCrashLog()
    {
        var folders = Fixtures.DumpFolders().ToList();
        Assert.Equal(13, folders.Count);
        foreach (var folder in folders)
        {
            Assert.True(File.Exists(Fixtures.DumpFile(folder)), folder);
            Assert.True(File.Exists(Path.Combine(folder, "crash", "log.txt")), folder);
        }
    }
}
