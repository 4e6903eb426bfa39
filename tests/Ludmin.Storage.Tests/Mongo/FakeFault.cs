namespace Ludmin.Storage.Tests.Mongo;

/// <summary>How <see cref="FakeMongoServer"/> fails a command instead of answering it.</summary>
internal enum FakeFault
{
    None,

    /// <summary>Accepts the command and never answers; the connection stays open until the driver closes it.</summary>
    Silence,

    /// <summary>Sends half of the reply, then resets the connection (TCP RST).</summary>
    ResetMidReply,
}
