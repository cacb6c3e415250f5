using Crashdesk.Core.Groups;

namespace Crashdesk.Core.Tests.Groups;

/// <summary>The similarity rules on hand-written facts (pure logic): what counts, what does not, and the reasons given.</summary>
public sealed class SimilarityScoreTests
{
    private static readonly string[] _trace = ["corpus_oops_write", "full_proxy_write", "vfs_write", "ksys_write", "__x64_sys_write"];

    [Fact]
    public void The_same_crash_scores_above_a_crash_that_only_shares_the_module()
    {
        var me = new SimilarityFacts("sig-a", "corpus_oops_write", "corpus_crash", "BUG: kernel NULL pointer dereference in corpus_oops_write", _trace);
        var twin = me with { };
        var sibling = new SimilarityFacts("sig-b", "corpus_warn", "corpus_crash", "WARNING in corpus_warn", ["corpus_warn", "full_proxy_write"]);

        var same = SimilarityScore.Of(me, twin);
        var module = SimilarityScore.Of(me, sibling);

        Assert.True(same.Score > module.Score);
        Assert.Equal(["same crash signature", "same guilty frame corpus_oops_write", "same title", "5 of 5 call-trace functions in common", "same module [corpus_crash]"], same.Reasons);
        Assert.Equal(["same module [corpus_crash]"], module.Reasons);
    }

    [Fact]
    public void Two_common_syscall_frames_say_nothing_but_three_do()
    {
        var me = new SimilarityFacts(null, "a", null, null, ["a", "vfs_write", "ksys_write", "__x64_sys_write"]);
        var two = new SimilarityFacts(null, "b", null, null, ["b", "vfs_write", "ksys_write", "x"]);
        var three = new SimilarityFacts(null, "c", null, null, ["c", "vfs_write", "ksys_write", "__x64_sys_write"]);

        Assert.Equal(0, SimilarityScore.Of(me, two).Score);
        Assert.Equal(["3 of 4 call-trace functions in common"], SimilarityScore.Of(me, three).Reasons);
    }

    [Fact]
    public void Titles_match_once_numbers_and_addresses_are_gone()
    {
        Assert.Equal(SimilarityScore.Normalise("BUG: unable to handle page fault for address: ffffa0f1c2d3e4f5"),
            SimilarityScore.Normalise("BUG: unable to handle page fault for address: ffffa0f100000008"));
        Assert.NotEqual(SimilarityScore.Normalise("WARNING in corpus_warn"), SimilarityScore.Normalise("WARNING in corpus_bug"));
        Assert.Null(SimilarityScore.Normalise("  "));
    }

    [Fact]
    public void Nothing_in_common_scores_zero_with_no_reason()
    {
        var (score, reasons) = SimilarityScore.Of(new SimilarityFacts(null, null, null, null, null), new SimilarityFacts(null, null, null, null, null));
        Assert.Equal(0, score);
        Assert.Empty(reasons);
    }
}
