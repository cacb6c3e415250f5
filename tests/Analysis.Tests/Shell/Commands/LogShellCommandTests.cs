using System.Globalization;
using System.Text.RegularExpressions;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell.Commands;

/// <summary>The shell's `log`, `log -m` and `log -T` against crash's log.txt, the serial console and crash's sys.txt.</summary>
public sealed partial class LogShellCommandTests
{
    public static TheoryData<string> WithCrashLog() => ShellFixtures.WithCrash("log.txt");

    [GeneratedRegex(@"^\[ *\d+\.\d{6}\] ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^(?<time>\[ *\d+\.\d{6}\] )<(?<level>[0-7])>")]
    private static partial Regex TimestampAndLevel();

    [Theory]
    [MemberData(nameof(WithCrashLog))]
    public void Log_is_crashs_log(string id)
    {
        string expected = File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "log.txt"));
        Assert.Equal(expected, ShellFixtures.Run(id, "log").Text);
    }

    [Theory]
    [MemberData(nameof(WithCrashLog))]
    public void Log_m_puts_a_level_after_each_time_and_indents_continuations_by_it(string id)
    {
        // crash's log.txt with "<N>" after every record's time, continuation lines three columns deeper.
        var crash = FixtureDumps.CrashLogLines(id);
        var ours = ShellFixtures.Run(id, "log -m").Text.TrimEnd('\n').Split('\n');
        Assert.Equal(crash.Length, ours.Length);
        for (int i = 0; i < crash.Length; i++)
        {
            if (TimestampAndLevel().Match(ours[i]) is { Success: true } m)
                Assert.Equal(crash[i], m.Groups["time"].Value + ours[i][m.Length..]);
            else if (crash[i].Length == 0)
                Assert.Equal("", ours[i]);
            else
                Assert.Equal(crash[i].StartsWith(' ') ? "   " + crash[i] : crash[i], ours[i]);
        }
    }

    public static TheoryData<string> WithConsole()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            if (File.Exists(Path.Combine(folder, "makedumpfile-dmesg.txt")) && File.Exists(Path.Combine(folder, "console.txt")))
                data.Add(Support.Fixtures.Id(folder));
        return data;
    }

    [Theory]
    [MemberData(nameof(WithConsole))]
    public void Log_m_levels_are_what_the_console_printed_by(string id)
    {
        // The crashed kernel printed a record on the serial console when its level was below
        // console_loglevel (7 by default: kernel/printk/printk.c suppress_message_printing()), so
        // its KERN_DEBUG (7) records are the ones the console lacks. The console's first
        // "Linux version" boot is the crashed kernel's; the capture kernel's boot follows.
        string folder = FixtureDumps.Folder(id);
        var console = File.ReadAllLines(Path.Combine(folder, "console.txt"));
        int captureBoot = Array.FindIndex(console, 1, l => l.Contains("] Linux version ", StringComparison.Ordinal));
        var crashed = (captureBoot < 0 ? console : console[..captureBoot]).ToHashSet(StringComparer.Ordinal);
        var reference = File.ReadAllLines(Path.Combine(folder, "makedumpfile-dmesg.txt"));
        var ours = ShellFixtures.Run(id, "log -m").Text.TrimEnd('\n').Split('\n');
        Assert.Equal(reference.Length, ours.Length);
        int debug = 0, shown = 0;
        var wrong = new List<string>();
        for (int i = 0; i < ours.Length; i++)
        {
            if (TimestampAndLevel().Match(ours[i]) is not { Success: true } m)
                continue;
            int level = m.Groups["level"].Value[0] - '0';
            bool onConsole = crashed.Contains(reference[i]);
            if (level == 7)
                debug++;
            else
                shown++;
            if (onConsole == (level == 7))
                wrong.Add($"<{level}> {(onConsole ? "on" : "not on")} the console: {reference[i]}");
        }
        Assert.True(shown > 100, $"{shown} records below KERN_DEBUG");
        Assert.Empty(wrong);
        Assert.True(debug > 0, "no KERN_DEBUG record: the test could not tell levels apart");
    }

    [Theory]
    [MemberData(nameof(WithCrashLog))]
    public void Log_T_is_the_boot_date_plus_each_records_seconds(string id)
    {
        // crash's kt->boot_date = DATE − UPTIME (task.c task_init()), both from crash's own sys.txt;
        // each record prints boot_date + its whole seconds via ctime_tz() (kernel.c dump_log_entry()).
        var date = DateTimeOffset.ParseExact(Squeeze(FixtureDumps.Sys(id, "DATE")), "ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var uptime = TimeSpan.ParseExact(FixtureDumps.Sys(id, "UPTIME"), @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var boot = date - uptime;
        var crash = FixtureDumps.CrashLogLines(id);
        var ours = ShellFixtures.Run(id, "log -T").Text.TrimEnd('\n').Split('\n');
        Assert.Equal(crash.Length, ours.Length);
        int indent = 15;
        for (int i = 0; i < crash.Length; i++)
        {
            if (Timestamp().Match(crash[i]) is { Success: true } t)
            {
                long seconds = long.Parse(t.Value.Trim('[', ' ', ']').Split('.')[0], CultureInfo.InvariantCulture);
                var at = boot.AddSeconds(seconds).UtcDateTime;
                string prefix = string.Create(CultureInfo.InvariantCulture, $"[{at:ddd MMM} {at.Day,2} {at:HH:mm:ss} UTC {at.Year}] ");
                indent = prefix.Length;
                Assert.Equal(prefix + crash[i][t.Length..], ours[i]);
            }
            else if (crash[i].Length == 0)
                Assert.Equal("", ours[i]);
            else
                Assert.Equal(new string(' ', indent) + crash[i][15..], ours[i]);
        }
    }

    [Fact]
    public void An_option_log_does_not_take_is_refused_as_crash_refuses_it()
    {
        var reply = ShellFixtures.Open("debian-6.1-cloud/sysrq-c/kdump-zlib").Execute("log -x");
        Assert.NotNull(reply.Error);
        Assert.StartsWith("log: invalid option -- 'x'\n", reply.Text, StringComparison.Ordinal);
    }

    private static string Squeeze(string s) => Regex.Replace(s, " +", " ");
}
