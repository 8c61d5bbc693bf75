using ClusterOperator.Api;
using Microsoft.Extensions.Configuration;

namespace ClusterOperator.Configuration;

/// <summary>
/// The standard .NET configuration sources, in rising precedence: appsettings.json beside the executable, an
/// optional file given with --config, environment variables prefixed <c>ClusterOperator__</c>, and command-line
/// overrides such as <c>--FairShare:MinRuntime=0s</c>. Durations bind from <c>5m</c> as well as <c>00:05:00</c>.
/// </summary>
internal static class OperatorConfiguration
{
    public const string EnvironmentPrefix = "ClusterOperator__";

    static OperatorConfiguration() => DurationConverter.Register();

    public static IConfigurationRoot Build(string? configFile, IEnumerable<string> overrides, IDictionary<string, string?>? defaults = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            })
            .AddInMemoryCollection(defaults ?? new Dictionary<string, string?>())
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(configFile is null ? "none.json" : Path.GetFullPath(configFile), optional: configFile is null)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine([.. overrides])
            .Build();
}
