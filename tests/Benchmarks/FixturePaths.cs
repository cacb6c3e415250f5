using Crashdesk.TestSupport;

namespace Crashdesk.Benchmarks;

/// <summary>The benchmarks' name for the shared fixtures' dumps (<see cref="SharedFixtures"/>, tests/TestSupport).</summary>
internal static class FixturePaths
{
    public static string Dumps => SharedFixtures.Dumps;
}
