using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ClusterOperator.Configuration;

/// <summary>Structured console logging with scopes (run and owner), as JSON lines when <c>Logging:Json</c> is true.</summary>
internal static class Logging
{
    public static ILoggerFactory Create(IConfiguration configuration) => LoggerFactory.Create(builder =>
    {
        builder.AddConfiguration(configuration.GetSection("Logging"));
        if (configuration.GetValue<bool>("Logging:Json"))
        {
            builder.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
    });
}
