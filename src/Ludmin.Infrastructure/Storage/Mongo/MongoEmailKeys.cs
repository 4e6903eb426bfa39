using Ludmin.Domain.Users;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The keys an address is looked up by in MongoDB. Addresses stored before the Unicode-aware
/// comparison (issue 23, finding 8) are keyed by the lower-cased address; for ASCII that is the
/// same key, so only addresses with other characters have two. A stored key is never rewritten by
/// a read: it takes the new form when the user's address history is next saved. Until then the
/// old key still finds the user by the spelling the address was stored with (a login, a reset),
/// but the unique index holds it in its old form, so a look-alike of such an address is refused
/// only once that user's addresses were saved again (docs/operations.md).
/// </summary>
internal static class MongoEmailKeys
{
    /// <summary>The key as builds before the Unicode-aware comparison made it.</summary>
    public static string Legacy(EmailAddress email) => email.Value.ToLowerInvariant();

    /// <summary>The address's key, or either of its two keys when the earlier form differs.</summary>
    public static FilterDefinition<TDocument> Match<TDocument>(FieldDefinition<TDocument, string> key, EmailAddress email)
    {
        var legacy = Legacy(email);
        return string.Equals(legacy, email.Normalized, StringComparison.Ordinal)
            ? Builders<TDocument>.Filter.Eq(key, email.Normalized)
            : Builders<TDocument>.Filter.In(key, [email.Normalized, legacy]);
    }
}
