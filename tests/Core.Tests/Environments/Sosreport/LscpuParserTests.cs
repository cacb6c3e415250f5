using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>lscpu as util-linux 2.38 prints it (a KVM guest) and as 2.32 prints it (RHEL 8 on two sockets).</summary>
public sealed class LscpuParserTests
{
    [Fact]
    public void Util_linux_2_38_on_a_kvm_guest()
    {
        var values = LscpuParser.Parse("""
            Architecture:                            x86_64
            CPU op-mode(s):                          32-bit, 64-bit
            Address sizes:                           46 bits physical, 57 bits virtual
            Byte Order:                              Little Endian
            CPU(s):                                  2
            On-line CPU(s) list:                     0,1
            Vendor ID:                               GenuineIntel
            Model name:                              Intel(R) Xeon(R) Processor
            CPU family:                              6
            Model:                                   167
            Thread(s) per core:                      1
            Core(s) per socket:                      2
            Socket(s):                               1
            Stepping:                                8
            BogoMIPS:                                4000.00
            Hypervisor vendor:                       KVM
            Virtualization type:                     full
            L1d cache:                               96 KiB (2 instances)
            NUMA node(s):                            1
            NUMA node0 CPU(s):                       0,1
            Vulnerability Spec store bypass:         Mitigation; Speculative Store Bypass disabled via prctl
            """);

        Assert.Equal("Intel(R) Xeon(R) Processor", values[LscpuParser.ModelName]);
        Assert.Equal("2", values[LscpuParser.Cpus]);
        Assert.Equal("1", values[LscpuParser.Sockets]);
        Assert.Equal("2", values[LscpuParser.CoresPerSocket]);
        Assert.Equal("1", values[LscpuParser.ThreadsPerCore]);
        Assert.Equal("1", values[LscpuParser.NumaNodes]);
        Assert.Equal("KVM", values[LscpuParser.HypervisorVendor]);
    }

    [Fact]
    public void Util_linux_2_32_on_bare_metal_has_no_hypervisor()
    {
        var values = LscpuParser.Parse("""
            Architecture:        x86_64
            CPU op-mode(s):      32-bit, 64-bit
            Byte Order:          Little Endian
            CPU(s):              48
            On-line CPU(s) list: 0-47
            Thread(s) per core:  2
            Core(s) per socket:  12
            Socket(s):           2
            NUMA node(s):        2
            Vendor ID:           GenuineIntel
            CPU family:          6
            Model:               85
            Model name:          Intel(R) Xeon(R) Gold 6126 CPU @ 2.60GHz
            NUMA node0 CPU(s):   0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42,44,46
            NUMA node1 CPU(s):   1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47
            """);

        Assert.Equal("48", values[LscpuParser.Cpus]);
        Assert.Equal("Intel(R) Xeon(R) Gold 6126 CPU @ 2.60GHz", values[LscpuParser.ModelName]);
        Assert.Equal("2", values[LscpuParser.NumaNodes]);
        Assert.False(values.ContainsKey(LscpuParser.HypervisorVendor));
    }
}
