using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Cli.Commands;

namespace Crashdesk.Cli.Tests.Commands;

/// <summary>
/// `crashdesk log` of a dump cut inside the printk rings prints the records the file holds (some of
/// crash's lines, in crash's order), then says on stderr which records are missing and that the
/// file is truncated, and exits 1: a script cannot take the partial log for the whole one.
/// </summary>
public sealed class LogCommandPartialTests
{
    [Fact]
    public void A_cut_dump_prints_the_readable_records_names_the_gap_and_exits_1()
    {
        const string id = "debian-6.1-cloud/sysrq-c/kdump-zlib";
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(id));
        long length = PartialLogCuts.Find(whole, id, samples: 1)[0];
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, whole.AsSpan(0, (int)length).ToArray());
            var output = new StringWriter();
            var error = new StringWriter();

            int code = new LogCommand().Run(new CliArguments([path], OptionNames.WithValue), output, error);

            Assert.Equal(1, code);
            var lines = output.ToString().TrimEnd('\n').Split('\n');
            var crash = FixtureDumps.CrashLogLines(id);
            Assert.True(lines.Length > 0 && lines.Length < crash.Length, $"{lines.Length} of {crash.Length} lines");
            Assert.True(PartialLogCuts.IsOrderedSubset(lines, crash));
            string message = error.ToString();
            Assert.StartsWith("crashdesk log: ", message);
            Assert.Matches(@"records? \d+(–\d+)? of \d+ .* not in the dump", message);
            Assert.Contains(TruncationNote.Text, message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
