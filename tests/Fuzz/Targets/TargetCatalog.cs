namespace Crashdesk.Fuzz.Targets;

/// <summary>Every target, by name, with its seeds (the smallest fixtures that have what it reads).</summary>
public static class TargetCatalog
{
    private const string MiniZstd = "mini-6.1-lockdep/sysrq-c/kdump-zstd", DebianZlib = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    public static IReadOnlyList<string> Names { get; } =
        ["opener", "kdump-zlib", "kdump-lzo", "kdump-snappy", "kdump-zstd", "flattened", "elf", "qemu", "vmcoreinfo", "printk-prb", "printk-log", "kallsyms", "btf", "dwarf", "orc", "triage", "analyze"];

    /// <summary>A new target; <paramref name="maxFlood"/> bounds what one log mutation adds (bytes).</summary>
    public static FuzzTarget Create(string name, int maxFlood = 2 << 20) => name switch
    {
        "opener" => new DumpFileTarget("opener", true, "mini-6.1-lockdep/sysrq-c/kdump-zlib", "mini-6.1-lockdep/sysrq-c/kdump-lzo", "mini-6.1-lockdep/sysrq-c/kdump-flat",
            "mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib", "mini-6.1-lockdep/warn/kdump-elf31", MiniZstd),
        "kdump-zlib" => new DumpFileTarget(name, false, "mini-6.1-lockdep/sysrq-c/kdump-zlib"),
        "kdump-lzo" => new DumpFileTarget(name, false, "mini-6.1-lockdep/sysrq-c/kdump-lzo"),
        "kdump-snappy" => new DumpFileTarget(name, false, "mini-6.1-lockdep/sysrq-c/kdump-snappy"),
        "kdump-zstd" => new DumpFileTarget(name, false, MiniZstd),
        "flattened" => new DumpFileTarget(name, false, "mini-6.1-lockdep/sysrq-c/kdump-flat"),
        "elf" => new DumpFileTarget(name, false, "mini-6.1-lockdep/warn/kdump-elf31"),
        "qemu" => new DumpFileTarget(name, false, "mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib"),
        "vmcoreinfo" => new VmcoreInfoTarget(MiniZstd, DebianZlib),
        "printk-prb" => new PrbTarget(MiniZstd, DebianZlib),
        "printk-log" => new PrintkLogTarget(MiniZstd),
        "kallsyms" => new KallsymsTarget(MiniZstd),
        "btf" => new BtfTarget(DebianZlib),
        "dwarf" => new DwarfTarget(),
        "orc" => new OrcTarget(MiniZstd),
        "triage" => new TriageTarget(maxFlood),
        "analyze" => new AnalyzeTarget(MiniZstd, DebianZlib),
        _ => throw new ArgumentException($"no fuzz target named {name}; targets: {string.Join(", ", Names)}"),
    };
}
