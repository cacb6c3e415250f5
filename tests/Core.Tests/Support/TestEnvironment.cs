namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// Connection info for the real services ./test.sh starts. Missing variables fail the test with a
/// message (never a skip): these tests exist to run against real PostgreSQL and a real S3 server.
/// </summary>
public static class TestEnvironment
{
    /// <summary>CRASHDESK_TEST_PG: an Npgsql connection string of a superuser (tests create databases).</summary>
    public static string PostgresConnectionString => Require("CRASHDESK_TEST_PG", "an Npgsql connection string, e.g. Host=127.0.0.1;Port=5433;Username=postgres");

    /// <summary>CRASHDESK_TEST_S3: the S3 server's URL (s3rver), with CRASHDESK_TEST_S3_BUCKET (default "crashdesk-test").</summary>
    public static string S3ServiceUrl => Require("CRASHDESK_TEST_S3", "the URL of an S3 server, e.g. http://127.0.0.1:4569");

    public static string S3Bucket => Environment.GetEnvironmentVariable("CRASHDESK_TEST_S3_BUCKET") is { Length: > 0 } b ? b : "crashdesk-test";

    public static string S3AccessKey => Environment.GetEnvironmentVariable("CRASHDESK_TEST_S3_ACCESS_KEY") is { Length: > 0 } k ? k : "S3RVER";

    public static string S3SecretKey => Environment.GetEnvironmentVariable("CRASHDESK_TEST_S3_SECRET_KEY") is { Length: > 0 } k ? k : "S3RVER";

    private static string Require(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"environment variable {name} is not set: it must hold {what}. Run the tests through ./test.sh, which starts the services and sets it.");
}
