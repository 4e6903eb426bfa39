using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// Just enough of the MongoDB wire protocol (the legacy hello of the handshake, OP_MSG after
/// it) to stand in for a standalone server: it records every command the driver sends and
/// answers with <see cref="Respond"/>, or "ok" by default. It checks nothing a real server
/// would; it shows what the adapter puts on the wire and how it reads the answers.
/// </summary>
internal sealed class FakeMongoServer : IAsyncDisposable
{
    private const int OpReply = 1;
    private const int OpQuery = 2004;
    private const int OpMsg = 2013;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _nextRequestId;

    public FakeMongoServer(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string ConnectionString => $"mongodb://127.0.0.1:{Port}/?directConnection=true&serverSelectionTimeoutMS=2000&connectTimeoutMS=2000";

    /// <summary>Every command received except the handshake and heartbeats, with its document sequences folded in.</summary>
    public ConcurrentQueue<BsonDocument> Commands { get; } = new();

    /// <summary>The answer to a command, or null for the default one.</summary>
    public Func<BsonDocument, BsonDocument?> Respond { get; set; } = _ => null;

    /// <summary>
    /// An answer to any command, the handshake and heartbeats included (so a test can play another
    /// topology), or null to answer as usual. What it answers is recorded like any other command.
    /// </summary>
    public Func<BsonDocument, BsonDocument?> AnswerFirst { get; set; } = _ => null;

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public IEnumerable<BsonDocument> CommandsNamed(string name) => Commands.Where(c => c.GetElement(0).Name == name);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while accepting.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _clients.Add(client);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var header = new byte[16];
            while (!_stopping.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, _stopping.Token);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                var requestId = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                var opCode = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
                var body = new byte[length - 16];
                await stream.ReadExactlyAsync(body, _stopping.Token);

                var reply = opCode switch
                {
                    OpQuery => Reply(requestId, Answer(ReadQuery(body))),
                    OpMsg => Message(requestId, Answer(ReadMessage(body))),
                    _ => throw new InvalidOperationException($"The fake server does not speak op code {opCode}."),
                };
                await stream.WriteAsync(reply, _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            // The driver closed the connection, or the server stopped.
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
        if (name is "hello" or "isMaster" or "ismaster")
        {
            return new BsonDocument
            {
                { "helloOk", true },
                { "ismaster", true },
                { "isWritablePrimary", true },
                { "maxBsonObjectSize", 16 * 1024 * 1024 },
                { "maxMessageSizeBytes", 48_000_000 },
                { "maxWriteBatchSize", 100_000 },
                { "localTime", DateTime.UtcNow },
                { "minWireVersion", 0 },
                { "maxWireVersion", 21 },
                { "connectionId", 1 },
                { "ok", 1.0 },
            };
        }

        Commands.Enqueue(command);
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
