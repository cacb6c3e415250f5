using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>One mutated input: which seed, what was done to it, and how to write it out for a finding.</summary>
/// <param name="Seed">The seed's name (fixture id or file).</param>
/// <param name="Steps">The mutations, in words.</param>
/// <param name="Payload">What the target runs on (bytes, a patched byte source, patched memory...).</param>
/// <param name="Bytes">The input as one file (null when it cannot stand alone, e.g. patched kernel memory).</param>
public sealed record FuzzInput(string Seed, string Steps, object Payload, Func<byte[]>? Bytes);

/// <summary>
/// A fuzz target: a part of the engine that reads untrusted bytes. The mutation runner calls
/// <see cref="Next"/> then <see cref="Run"/>; AFL and libFuzzer (through SharpFuzz) call <see cref="RunBytes"/>
/// with raw input. Both may throw only the engine's documented error types (README "Fuzzing").
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>Name on the command line and in findings ("kdump-zstd", "triage").</summary>
    public abstract string Name { get; }

    /// <summary>Reads the seeds once per process.</summary>
    public abstract void Load(SeedFiles seeds);

    /// <summary>A mutated input, deterministic for <paramref name="rng"/>.</summary>
    public abstract FuzzInput Next(Random rng);

    /// <summary>Runs the engine on <paramref name="input"/>; returns the messages its report carries (checked like errors).</summary>
    public abstract IEnumerable<string> Run(FuzzInput input);

    /// <summary>The clean seeds as raw inputs of <see cref="RunBytes"/>, for AFL's or libFuzzer's corpus (after <see cref="Load"/>).</summary>
    public virtual IEnumerable<(string Name, byte[] Bytes)> RawSeeds() => [];

    /// <summary>Runs the engine on raw bytes (AFL/libFuzzer): the same code as <see cref="Run"/> with the bytes as the whole input.</summary>
    public abstract IEnumerable<string> RunBytes(ReadOnlySpan<byte> data);
}
