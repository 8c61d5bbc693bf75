using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Errors;

/// <summary>Builds meta/v1 Status objects and the standard errors the API server returns.</summary>
internal static class StatusBodies
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(string name, string group, string kind, string uid)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind };
        if (uid.Length > 0)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    public static ApiException NotFound(string qualifiedResource, string group, string resource, string name) =>
        new(404, "NotFound", $"{qualifiedResource} \"{name}\" not found", Details(name, group, resource));

    public static ApiException AlreadyExists(string qualifiedResource, string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{qualifiedResource} \"{name}\" already exists", Details(name, group, resource));

    public static ApiException Conflict(string qualifiedResource, string group, string resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {qualifiedResource} \"{name}\": {detail}",
            Details(name, group, resource));

    public static ApiException Invalid(string qualifiedKind, string group, string kind, string name,
        IReadOnlyList<FieldError> errors)
    {
        var details = Details(name, group, kind);
        details["causes"] = new JsonArray(errors.Select(error => (JsonNode)new JsonObject
        {
            ["reason"] = error.Reason,
            ["message"] = error.Message,
            ["field"] = error.Field,
        }).ToArray());
        var summary = errors.Count == 1 ? errors[0].Text : $"[{string.Join(", ", errors.Select(e => e.Text))}]";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(string message, JsonObject? details = null) =>
        new(403, "Forbidden", message, details);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string message) => new(415, "UnsupportedMediaType", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException Internal(string message) => new(500, "InternalError", message);

    private static JsonObject Details(string name, string group, string kind)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        return details;
    }
}
