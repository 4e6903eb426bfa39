using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Ludmin.Infrastructure.Storage.Mongo;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// Just enough of the MongoDB wire protocol (the legacy hello of the handshake, OP_MSG after
/// it) to stand in for the primary of a one-member replica set <c>rs0</c>: its hello carries
/// <c>setName</c>, <c>hosts</c>, <c>isWritablePrimary</c> and <c>logicalSessionTimeoutMinutes</c>,
/// so the driver treats it as a primary that supports sessions and sends retryable writes with
/// <c>lsid</c> and <c>txnNumber</c>. It records every command the driver sends and answers with
/// <see cref="Respond"/>, or "ok" by default; <see cref="Misbehave"/> makes it stay silent or
/// reset the connection half-way through a reply, and <see cref="IsPrimary"/> = false makes it a
/// secondary (an election under way). It checks nothing a real server would (no storage, no
/// replication, no retry deduplication): it shows what the adapter and the driver put on the
/// wire and how they take the answers.
/// </summary>
internal sealed class FakeMongoServer : IAsyncDisposable
{
    public const string SetName = "rs0";

    private const int OpReply = 1;
    private const int OpQuery = 2004;
    private const int OpMsg = 2013;

    private static readonly ObjectId ElectionId = ObjectId.Parse("7fffffff0000000000000001");

    private readonly LoopbackListener _listener;
    private int _nextRequestId;
    private int _silentNow;
    private int _silentAtMost;
    private volatile bool _isPrimary = true;

    /// <param name="port">The port to listen on; a free one by default.</param>
    /// <param name="replicaSet">False: a standalone server (no <c>setName</c>), which has no sessions' retries to offer and refuses linearizable reads.</param>
    public FakeMongoServer(int port = 0, bool replicaSet = true)
    {
        ReplicaSet = replicaSet;
        _listener = new LoopbackListener(port, (client, stopping) => _ = Task.Run(() => ServeAsync(client, stopping)));
    }

    public int Port => _listener.Port;

    /// <summary>The wire version the hello reports: 21 is MongoDB 7.0, 8 is 4.2 (older than the driver accepts).</summary>
    public int MaxWireVersion { get; set; } = 21;

    public bool ReplicaSet { get; }

    public string HostAndPort => $"127.0.0.1:{Port}";

    /// <summary>The replica set, found through its one seed, with short timeouts for tests that expect failures.</summary>
    public string ConnectionString => PlainConnectionString + "&serverSelectionTimeoutMS=2000&connectTimeoutMS=2000";

    /// <summary>The replica set (or the standalone) with no timeouts in the string, so Ludmin's own settings apply.</summary>
    public string PlainConnectionString => ReplicaSet ? $"mongodb://{HostAndPort}/?replicaSet={SetName}" : $"mongodb://{HostAndPort}/?directConnection=true";

    /// <summary>Every command received except the handshake and heartbeats, with its document sequences folded in.</summary>
    public ConcurrentQueue<BsonDocument> Commands { get; } = new();

    /// <summary>The answer to a command, or null for the default one.</summary>
    public Func<BsonDocument, BsonDocument?> Respond { get; set; } = _ => null;

    /// <summary>
    /// An answer to any command, the handshake and heartbeats included (so a test can play another
    /// topology), or null to answer as usual. What it answers is recorded like any other command.
    /// </summary>
    public Func<BsonDocument, BsonDocument?> AnswerFirst { get; set; } = _ => null;

    /// <summary>How to fail a command (hello included), or <see cref="FakeFault.None"/> to answer it.</summary>
    public Func<BsonDocument, FakeFault> Misbehave { get; set; } = _ => FakeFault.None;

    /// <summary>
    /// False: the server says it is a secondary and refuses writes with NotWritablePrimary (10107)
    /// and primary reads with NotPrimaryNoSecondaryOk (13435), both labelled as a 4.4+ server does.
    /// </summary>
    public bool IsPrimary
    {
        get => _isPrimary;
        set => _isPrimary = value;
    }

    /// <summary>The most commands that were held unanswered at the same moment (one per connection).</summary>
    public int SilentAtMost => Volatile.Read(ref _silentAtMost);

    public int SilentNow => Volatile.Read(ref _silentNow);

    /// <summary>Ludmin's store on this server through <see cref="ConnectionString"/> (short timeouts), logging nowhere.</summary>
    public MongoStore ConnectStore() =>
        MongoStore.Connect(ConnectionString, "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance);

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>A command error as a server sends it, with the labels a 4.4+ server adds.</summary>
    public static BsonDocument Error(int code, string codeName, params string[] labels)
    {
        var error = new BsonDocument { { "ok", 0.0 }, { "errmsg", $"injected {codeName}" }, { "code", code }, { "codeName", codeName } };
        if (labels.Length > 0)
        {
            error.Add("errorLabels", new BsonArray(labels));
        }

        return error;
    }

    public IEnumerable<BsonDocument> CommandsNamed(string name) => Commands.Where(c => c.GetElement(0).Name == name);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private static bool IsHello(string name) => name is "hello" or "isMaster" or "ismaster";

    private static bool IsWrite(string name) => name is "insert" or "update" or "delete" or "createIndexes" or "findAndModify";

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        try
        {
            var stream = client.GetStream();
            var header = new byte[16];
            while (!stopping.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, stopping);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                var requestId = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                var opCode = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
                var body = new byte[length - 16];
                await stream.ReadExactlyAsync(body, stopping);

                var command = opCode switch
                {
                    OpQuery => ReadQuery(body),
                    OpMsg => ReadMessage(body),
                    _ => throw new InvalidOperationException($"The fake server does not speak op code {opCode}."),
                };
                var fault = Misbehave(command);
                if (!IsHello(command.GetElement(0).Name))
                {
                    Commands.Enqueue(command);
                }

                if (fault == FakeFault.Silence)
                {
                    await StaySilentAsync(stream, stopping);
                    return;
                }

                var answer = Answer(command);
                var reply = opCode == OpQuery ? Reply(requestId, answer) : Message(requestId, answer);
                if (fault == FakeFault.ResetMidReply)
                {
                    await stream.WriteAsync(reply.AsMemory(0, reply.Length / 2), stopping);
                    await stream.FlushAsync(stopping);
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Close();
                    return;
                }

                await stream.WriteAsync(reply, stopping);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            // The driver closed the connection, or the server stopped.
        }
    }

    /// <summary>Answers nothing more on this connection; ends when the driver gives up and closes it, or the server stops.</summary>
    private async Task StaySilentAsync(NetworkStream stream, CancellationToken stopping)
    {
        var now = Interlocked.Increment(ref _silentNow);
        int most;
        while (now > (most = Volatile.Read(ref _silentAtMost)) && Interlocked.CompareExchange(ref _silentAtMost, now, most) != most)
        {
            // Another connection raised the maximum meanwhile: compare again.
        }

        try
        {
            var sink = new byte[4096];
            while (await stream.ReadAsync(sink, stopping) > 0)
            {
                // Whatever comes after an unanswered command stays unanswered too.
            }
        }
        finally
        {
            Interlocked.Decrement(ref _silentNow);
        }
    }

    private BsonDocument Answer(BsonDocument command)
    {
        if (AnswerFirst(command) is { } first)
        {
            Commands.Enqueue(command);
            return first;
        }

        var name = command.GetElement(0).Name;
        if (IsHello(name))
        {
            return Hello();
        }

        if (!IsPrimary && IsWrite(name))
        {
            return Error(10107, "NotWritablePrimary", "RetryableWriteError");
        }

        if (!IsPrimary && name is "find" or "aggregate" or "count" or "ping")
        {
            return Error(13435, "NotPrimaryNoSecondaryOk");
        }

        if (!ReplicaSet && command.TryGetValue("readConcern", out var readConcern) && readConcern["level"] == "linearizable")
        {
            return Error(76, "NotAReplicaSet");
        }

        return Respond(command) ?? name switch
        {
            "find" or "aggregate" => new BsonDocument
            {
                { "cursor", new BsonDocument { { "firstBatch", new BsonArray() }, { "id", 0L }, { "ns", $"{command["$db"]}.{command[0]}" } } },
                { "ok", 1.0 },
            },
            "insert" => new BsonDocument { { "n", command["documents"].AsBsonArray.Count }, { "ok", 1.0 } },
            "update" => new BsonDocument { { "n", 1 }, { "nModified", 1 }, { "ok", 1.0 } },
            "delete" => new BsonDocument { { "n", 1 }, { "ok", 1.0 } },
            "count" => new BsonDocument { { "n", 0 }, { "ok", 1.0 } },
            _ => new BsonDocument("ok", 1.0),
        };
    }

    /// <summary>The hello of a member of <see cref="SetName"/> (wire version 21, MongoDB 7.0), primary or secondary.</summary>
    private BsonDocument Hello()
    {
        if (!ReplicaSet)
        {
            return new BsonDocument
            {
                { "helloOk", true }, { "ismaster", true }, { "isWritablePrimary", true },
                { "maxBsonObjectSize", 16 * 1024 * 1024 }, { "maxMessageSizeBytes", 48_000_000 }, { "maxWriteBatchSize", 100_000 },
                { "localTime", DateTime.UtcNow }, { "logicalSessionTimeoutMinutes", 30 }, { "minWireVersion", 0 }, { "maxWireVersion", MaxWireVersion },
                { "connectionId", 1 }, { "ok", 1.0 },
            };
        }

        var hello = new BsonDocument
        {
            { "helloOk", true },
            { "ismaster", IsPrimary },
            { "isWritablePrimary", IsPrimary },
            { "secondary", !IsPrimary },
            { "setName", SetName },
            { "setVersion", 1 },
            { "hosts", new BsonArray { HostAndPort } },
            { "me", HostAndPort },
            { "maxBsonObjectSize", 16 * 1024 * 1024 },
            { "maxMessageSizeBytes", 48_000_000 },
            { "maxWriteBatchSize", 100_000 },
            { "localTime", DateTime.UtcNow },
            { "logicalSessionTimeoutMinutes", 30 },
            { "minWireVersion", 0 },
            { "maxWireVersion", MaxWireVersion },
            { "connectionId", 1 },
            { "ok", 1.0 },
        };
        if (IsPrimary)
        {
            hello.Add("primary", HostAndPort);
            hello.Add("electionId", ElectionId);
        }

        return hello;
    }

    private static BsonDocument ReadQuery(byte[] body)
    {
        // flags, full collection name (a C string), skip, limit, then the query document.
        var offset = 4;
        while (body[offset] != 0)
        {
            offset++;
        }

        return ReadDocument(body, offset + 1 + 8, out _);
    }

    private static BsonDocument ReadMessage(byte[] body)
    {
        var flags = BinaryPrimitives.ReadInt32LittleEndian(body);
        var end = (flags & 1) == 1 ? body.Length - 4 : body.Length;
        BsonDocument? command = null;
        var offset = 4;
        while (offset < end)
        {
            var kind = body[offset++];
            if (kind == 0)
            {
                command = ReadDocument(body, offset, out var size);
                offset += size;
                continue;
            }

            // A document sequence: size, identifier, documents. The driver sends inserted documents and updates this way.
            var sectionEnd = offset + BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset));
            var nameStart = offset + 4;
            var nameEnd = Array.IndexOf(body, (byte)0, nameStart);
            var identifier = System.Text.Encoding.UTF8.GetString(body, nameStart, nameEnd - nameStart);
            var documents = new BsonArray();
            for (var at = nameEnd + 1; at < sectionEnd;)
            {
                documents.Add(ReadDocument(body, at, out var size));
                at += size;
            }

            (command ??= []).Set(identifier, documents);
            offset = sectionEnd;
        }

        return command!;
    }

    private static BsonDocument ReadDocument(byte[] body, int offset, out int size)
    {
        size = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset));
        return BsonSerializer.Deserialize<BsonDocument>(body.AsSpan(offset, size).ToArray());
    }

    private byte[] Reply(int responseTo, BsonDocument document)
    {
        var bson = document.ToBson();
        var message = new byte[16 + 20 + bson.Length];
        WriteHeader(message, responseTo, OpReply);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(32), 1);
        bson.CopyTo(message, 36);
        return message;
    }

    private byte[] Message(int responseTo, BsonDocument document)
    {
        var bson = document.ToBson();
        var message = new byte[16 + 4 + 1 + bson.Length];
        WriteHeader(message, responseTo, OpMsg);
        message[20] = 0;
        bson.CopyTo(message, 21);
        return message;
    }

    private void WriteHeader(byte[] message, int responseTo, int opCode)
    {
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), Interlocked.Increment(ref _nextRequestId));
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), opCode);
    }
}
