import type { DragEvent } from 'react';
import type { ID } from '../api/types';

/** The drag type of a conversation dragged within the console. */
export const CONVERSATION_DRAG_TYPE = 'application/x-switchboard-conversation';

export function startConversationDrag(e: DragEvent, conversationId: ID) {
  e.dataTransfer.setData(CONVERSATION_DRAG_TYPE, String(conversationId));
  e.dataTransfer.setData('text/plain', `#${conversationId}`);
  e.dataTransfer.effectAllowed = 'move';
}

/** Whether a conversation is being dragged over (its id is readable only on drop). */
export function draggingConversation(e: DragEvent): boolean {
  return Array.from(e.dataTransfer.types).includes(CONVERSATION_DRAG_TYPE);
}

export function droppedConversation(e: DragEvent): ID | null {
  const id = Number(e.dataTransfer.getData(CONVERSATION_DRAG_TYPE));
  return Number.isInteger(id) && id > 0 ? id : null;
}
