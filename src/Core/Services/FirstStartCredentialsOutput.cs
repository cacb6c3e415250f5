using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Services;

/// <summary>
/// Hands the first-start secrets to the person starting the service, and to no log. On a terminal
/// they are printed once. When standard output is not a terminal it is a log (systemd's journal,
/// a file of docker logs): there the secrets go once to a new 0600 file and the output names only
/// its path.
/// </summary>
public static class FirstStartCredentialsOutput
{
    /// <summary>Delivers <paramref name="credentials"/>; returns the file written, or null when printed to the terminal.</summary>
    public static async Task<string?> DeliverAsync(BootstrapCredentials credentials, TextWriter output, bool outputIsTerminal, string filePath, CancellationToken cancellationToken = default)
    {
        if (outputIsTerminal)
        {
            await output.WriteAsync(Banner("They are shown only this once; store them now.", Secrets(credentials)));
            await output.FlushAsync(cancellationToken);
            return null;
        }
        string path = await WriteFileAsync(credentials, Path.GetFullPath(filePath), cancellationToken);
        await output.WriteAsync(Banner(
            $"Standard output is not a terminal, so they are not printed here: they are in{Environment.NewLine}" +
            $"   {path}{Environment.NewLine}" +
            " (readable by this service's user only). Store them, then delete the file.", ""));
        await output.FlushAsync(cancellationToken);
        return path;
    }

    /// <summary>A new file, never an existing one overwritten (a previous installation's stays as it was): the next free name.</summary>
    private static async Task<string> WriteFileAsync(BootstrapCredentials credentials, string path, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        for (int attempt = 0; ; attempt++)
        {
            string candidate = attempt == 0 ? path : $"{path}.{attempt}";
            FileStream file;
            try
            {
                file = PrivateFiles.CreateNew(candidate);
            }
            catch (IOException) when (File.Exists(candidate) && attempt < 100)
            {
                continue;
            }
            await using (file)
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteAsync($"Crashdesk first start: an administrator and an API key.{Environment.NewLine}{Secrets(credentials)}");
                await writer.FlushAsync(cancellationToken);
            }
            return candidate;
        }
    }

    private static string Secrets(BootstrapCredentials credentials) => $"""

           e-mail:   {credentials.Email}
           password: {credentials.Password}
           API key:  {credentials.ApiKey}     (send as header X-Api-Key)

        """;

    private static string Banner(string how, string secrets) => $"""

        ================================================================================
         Crashdesk first start: an administrator and an API key were created.
         {how}
        {secrets}================================================================================

        """;
}
