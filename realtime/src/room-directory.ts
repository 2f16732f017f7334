/** The review rooms port over db's room repository, each call on a fresh forked EntityManager. */
import type { EntityManager } from '@rlcoach/db';
import {
  addAnnotation,
  addChatMessage,
  deleteAnnotation,
  displayNameOf,
  findRoom,
  listChat,
  listRoomAnnotations,
  redeemInvite,
  roomRoleOf,
} from '@rlcoach/db/repositories/room-repository';
import type { RoomDirectory } from './ports.js';

export function roomDirectory(em: () => EntityManager): RoomDirectory {
  return {
    find: (roomId) => findRoom(em(), roomId),
    roleOf: (roomId, userId) => roomRoleOf(em(), roomId, userId),
    redeemInvite: (roomId, inviteId, userId) => redeemInvite(em(), { roomId, inviteId, userId }),
    displayName: (userId) => displayNameOf(em(), userId),
    addChat: (input) => addChatMessage(em(), input),
    listChat: (roomId) => listChat(em(), roomId),
    addAnnotation: (input) => addAnnotation(em(), input),
    deleteAnnotation: (input) => deleteAnnotation(em(), input),
    listAnnotations: (roomId) => listRoomAnnotations(em(), roomId),
  };
}
