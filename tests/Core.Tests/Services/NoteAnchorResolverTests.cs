using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Tests.Services;

/// <summary>Anchors are found again by content in a later report version (pure logic over hand-made reports).</summary>
public sealed class NoteAnchorResolverTests
{
    private static readonly AnalysisReport _v1 = Report(["[    0.0] boot", "[    1.0] sysrq: Trigger a crash", "[    1.1] Kernel panic - not syncing"],
        ["sysrq_handle_crash", "__handle_sysrq", "write_sysrq_trigger"]);

    [Fact]
    public void A_log_line_that_moved_is_found_at_its_new_number()
    {
        var anchor = NoteAnchorResolver.Create(NoteAnchorKind.LogLine, "2", _v1, 1);
        var v2 = Report(["[    0.0] boot", "[    0.5] a new line", "[    1.0] sysrq: Trigger a crash"], []);

        var placed = NoteAnchorResolver.Resolve(anchor, v2, 2);

        Assert.Equal("[    1.0] sysrq: Trigger a crash", anchor.Content);
        Assert.Equal((true, "3"), (placed.Found, placed.Position));
        Assert.Contains("moved from 2", placed.Message);
    }

    [Fact]
    public void A_frame_is_found_by_its_function_and_a_missing_one_says_so()
    {
        var anchor = NoteAnchorResolver.Create(NoteAnchorKind.Frame, "42:1", _v1, 1);
        var inserted = Report([], ["crash_kexec", "sysrq_handle_crash", "__handle_sysrq"]);
        var gone = Report([], ["something_else"]);

        Assert.Equal("__handle_sysrq", anchor.Content);
        Assert.Equal((true, "42:2"), (NoteAnchorResolver.Resolve(anchor, inserted, 2).Found, NoteAnchorResolver.Resolve(anchor, inserted, 2).Position));
        var missing = NoteAnchorResolver.Resolve(anchor, gone, 3);
        Assert.False(missing.Found);
        Assert.Contains("frame 42:1 (__handle_sysrq)", missing.Message);
        Assert.Contains("not in report v3", missing.Message);
    }

    [Fact]
    public void The_nearest_of_repeated_lines_is_taken()
    {
        var repeated = Report(["x", "same", "y", "z", "same"], []);
        var anchor = NoteAnchorResolver.Create(NoteAnchorKind.LogLine, "5", repeated, 1);
        var shifted = Report(["same", "x", "y", "z", "w", "same"], []);
        Assert.Equal("6", NoteAnchorResolver.Resolve(anchor, shifted, 2).Position);
    }

    [Theory]
    [InlineData(NoteAnchorKind.LogLine, "0")]
    [InlineData(NoteAnchorKind.LogLine, "4")]
    [InlineData(NoteAnchorKind.LogLine, "two")]
    [InlineData(NoteAnchorKind.Frame, "42:9")]
    [InlineData(NoteAnchorKind.Frame, "7:0")]
    [InlineData(NoteAnchorKind.Task, "7")]
    [InlineData(NoteAnchorKind.Lock, "0xffff")]
    public void A_place_the_report_does_not_have_is_refused(NoteAnchorKind kind, string position) =>
        Assert.Throws<ValidationException>(() => NoteAnchorResolver.Create(kind, position, _v1, 1));

    private static AnalysisReport Report(string[] lines, string[] functions) => new()
    {
        KernelLog = string.Join('\n', lines) + "\n",
        ActiveBacktraces =
        [
            new TaskBacktrace(42, "bash", 0, 0xffff888000001000, true,
                [.. functions.Select((f, i) => new BacktraceFrame(i, 0xffffc90000000000 + (ulong)i * 8, 0xffffffff81000000, f, 0x10, null, null, null, null, false))],
                null, "rsp", null),
        ],
    };
}
