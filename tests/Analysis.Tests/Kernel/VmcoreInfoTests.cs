using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Tests.Kernel;

/// <summary>
/// VMCOREINFO's KEY=value lines as kernel/crash_core.c writes them: SYMBOL and KERNELOFFSET in hex without 0x,
/// SIZE, OFFSET, LENGTH and NUMBER in signed decimal, CONFIG_ values raw.
/// </summary>
public sealed class VmcoreInfoTests
{
    // Lines of the mini kernel's own VMCOREINFO (fixture mini-6.1-lockdep/warn/kdump-elf31), then what other kernels
    // write: a negative phys_base (loaded below its link address) and a CONFIG_ line; a CR and a NUL the notes may carry.
    private const string Text = "OSRELEASE=6.1.192-corpus-mini\nPAGESIZE=4096\r\nSYMBOL(init_uts_ns)=ffffffff84afd900\nSIZE(printk_info)=88\n"
        + "OFFSET(printk_info.text_len)=16\nLENGTH(mem_section)=2048\nKERNELOFFSET=3000000\nNUMBER(phys_base)=-2097152\n"
        + "CONFIG_X86_5LEVEL=y\nnot a line\n=no key\0";

    [Fact]
    public void Each_kind_of_line_reads_as_the_kernel_wrote_it()
    {
        var info = VmcoreInfo.Parse(Text);

        Assert.Equal("6.1.192-corpus-mini", info.OsRelease);
        Assert.Equal(4096, info.PageSize);
        Assert.Equal(0xffffffff84afd900, info.Symbol("init_uts_ns"));
        Assert.Equal(88, info.Size("printk_info"));
        Assert.Equal(16, info.Offset("printk_info.text_len"));
        Assert.Equal(2048, info.Length("mem_section"));
        Assert.Equal(-2097152, info.Number("phys_base"));
        Assert.Equal(0x3000000UL, info.KernelOffset);
        Assert.Equal("y", info.Config("X86_5LEVEL"));
        // A line without a key or an '=' is not an entry; what is not there is null, never a default.
        Assert.Equal(9, info.Entries.Count);
        Assert.Null(info.Symbol("missing"));
        Assert.Null(info.CrashTime);
    }

    [Fact]
    public void A_text_longer_than_the_limit_is_refused_before_it_is_parsed()
    {
        var limits = AnalysisLimits.Default with { MaxVmcoreInfoBytes = 16 };

        var e = Assert.Throws<DumpFormatException>(() => VmcoreInfo.Parse(Text, limits));

        Assert.Contains("more than the engine reads", e.Message);
    }
}
