using System.Globalization;
using System.Text;
using ClusterOperator.Sandbox.Errors;

namespace ClusterOperator.Sandbox.Http;

/// <summary>List pagination tokens: the last key returned, so the next page starts after it.</summary>
internal static class ContinueToken
{
    public static string Encode(string lastKey, long resourceVersion) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{resourceVersion}\n{lastKey}")));

    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var separator = text.IndexOf('\n', StringComparison.Ordinal);
            return separator < 0 ? throw StatusBodies.BadRequest("invalid continue token") : text[(separator + 1)..];
        }
        catch (FormatException)
        {
            throw StatusBodies.BadRequest("invalid continue token");
        }
    }
}
