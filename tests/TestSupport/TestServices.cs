namespace Crashdesk.TestSupport;

/// <summary>
/// Connection info for the real services ./test.sh starts (CRASHDESK_TEST_*). A missing variable fails
/// the test with a message, never a skip: these tests exist to run against real PostgreSQL and S3.
/// </summary>
public static class TestServices
{
    /// <summary>CRASHDESK_TEST_PG: an Npgsql connection string of a superuser (tests create databases).</summary>
    public static string PostgresConnectionString => Require("CRASHDESK_TEST_PG", "an Npgsql connection string, e.g. Host=127.0.0.1;Port=5433;Username=postgres");

    /// <summary>CRASHDESK_TEST_S3: the S3 server's URL (s3rver).</summary>
    public static string S3ServiceUrl => Require("CRASHDESK_TEST_S3", "the URL of an S3 server, e.g. http://127.0.0.1:4569");

    /// <summary>CRASHDESK_TEST_S3_BUCKET, else "crashdesk-test".</summary>
    public static string S3Bucket => Optional("CRASHDESK_TEST_S3_BUCKET", "crashdesk-test");

    /// <summary>CRASHDESK_TEST_S3_ACCESS_KEY, else s3rver's "S3RVER".</summary>
    public static string S3AccessKey => Optional("CRASHDESK_TEST_S3_ACCESS_KEY", "S3RVER");

    /// <summary>CRASHDESK_TEST_S3_SECRET_KEY, else s3rver's "S3RVER".</summary>
    public static string S3SecretKey => Optional("CRASHDESK_TEST_S3_SECRET_KEY", "S3RVER");

    /// <summary>
    /// CRASHDESK_TEST_ENGINE: the published NativeAOT engine binary (`crashdesk`) that ./test.sh publishes once
    /// (scripts/lib.sh ensure_engine) for the tests that run analyses in a child process.
    /// </summary>
    public static string EnginePath => Require("CRASHDESK_TEST_ENGINE", "the path of the published NativeAOT crashdesk binary (./test.sh publishes it)");

    private static string Optional(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static string Require(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"environment variable {name} is not set: it must hold {what}. Run the tests through ./test.sh, which starts the services and sets it.");
}
