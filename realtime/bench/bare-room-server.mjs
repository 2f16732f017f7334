#!/usr/bin/env node
// The baseline for rooms.bench.mjs: bare Socket.IO with the same Redis adapter and no checks at
// all. A client joins a room by name; a `control` is broadcast to that room as it arrives.
// Env: PORT, REDIS_URL, SOCKET_IO_KEY.
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';

const pub = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const sub = pub.duplicate();
const http = createServer((req, res) => res.end('ok'));
const io = new Server(http, { adapter: createAdapter(pub, sub, { key: process.env.SOCKET_IO_KEY }) });
io.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    void socket.join(`room:${room}`);
    ack?.(true);
  });
  socket.on('control', (p, ack) => {
    io.to(`room:${p.roomId}`).emit('room:playback', { roomId: p.roomId, playback: p, by: 'x' });
    ack?.(true);
  });
});
http.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  io.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
