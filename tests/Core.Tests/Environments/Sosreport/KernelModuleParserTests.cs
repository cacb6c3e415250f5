using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>lsmod and modinfo output of a RHEL 9 host, and lsmod's error in a container (this machine).</summary>
public sealed class KernelModuleParserTests
{
    [Fact]
    public void Lsmod_lists_the_modules()
    {
        var listing = LsmodParser.Parse("""
            Module                  Size  Used by
            xt_conntrack           16384  1
            nf_conntrack          188416  1 xt_conntrack
            e1000e                339968  0
            dm_mod                212992  9 dm_log,dm_mirror
            """);

        Assert.Null(listing.Failure);
        Assert.Equal(["xt_conntrack", "nf_conntrack", "e1000e", "dm_mod"], listing.Names);
    }

    [Fact]
    public void Lsmod_without_proc_modules_is_a_failure_not_an_empty_list()
    {
        var listing = LsmodParser.Parse("libkmod: ERROR ../libkmod/libkmod-module.c:1725 kmod_module_new_from_loaded: could not open /proc/modules: No such file or directory\nError: could not get list of modules: No such file or directory\n");

        Assert.Empty(listing.Names);
        Assert.Equal("could not open /proc/modules: No such file or directory", listing.Failure);
    }

    [Fact]
    public void Lsmod_with_only_its_header_lists_no_module()
    {
        var listing = LsmodParser.Parse("Module                  Size  Used by\n");

        Assert.Null(listing.Failure);
        Assert.Empty(listing.Names);
    }

    [Fact]
    public void Modinfo_versions_of_loadable_and_built_in_modules()
    {
        var versions = ModinfoParser.Versions("""
            modinfo: ERROR: Module cpuidle not found.
            filename:       /lib/modules/5.14.0-362.8.1.el9_3.x86_64/kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko.xz
            version:        3.8.7-NAPI
            license:        GPL v2
            description:    Intel(R) PRO/1000 Network Driver
            alias:          pci:v00008086d00001A1Fsv*sd*bc*sc*i*
            depends:        
            retpoline:      Y
            intree:         Y
            name:           e1000e
            vermagic:       5.14.0-362.8.1.el9_3.x86_64 SMP preempt mod_unload modversions 
            parm:           debug:Debug level (0=none,...,16=all) (int)
            name:           ext4
            filename:       (builtin)
            softdep:        pre: crc32c
            license:        GPL
            description:    Fourth Extended Filesystem
            filename:       /lib/modules/5.14.0-362.8.1.el9_3.x86_64/kernel/drivers/md/dm-mod.ko.xz
            alias:          devname:mapper/control
            license:        GPL
            description:    device-mapper driver
            """);

        Assert.Equal("3.8.7-NAPI", versions["e1000e"]);
        Assert.True(versions.ContainsKey("ext4"));
        Assert.Null(versions["ext4"]);
        // No name: line: the file's name, dashes read as the kernel's underscores.
        Assert.Null(versions["dm_mod"]);
        Assert.Equal(3, versions.Count);
    }
}
