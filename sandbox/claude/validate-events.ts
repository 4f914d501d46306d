// The events a client may send (EventSendParams and session initial_events), checked field by field against
// the SDK's *Params shapes. Anything unknown is refused, including fields that only appear on the events the
// service sends back (`id`, `processed_at`, `session_thread_id` on a confirmation).
import { badRequest } from '../http';
import {
  array,
  join,
  literal,
  object,
  only,
  optionalBoolean,
  optionalString,
  requiredString,
  type Json,
} from './check';

export const SENDABLE_TYPES = [
  'user.message',
  'user.interrupt',
  'user.tool_confirmation',
  'user.custom_tool_result',
  'user.define_outcome',
  'user.tool_result',
  'system.message',
] as const;

type BlockKind = 'text' | 'image' | 'document' | 'redacted' | 'search_result';

function source(value: unknown, path: string, kinds: readonly string[]): void {
  const src = object(value, path);
  const type = literal(src, 'type', path, kinds);
  if (type === 'base64') {
    only(src, path, ['type', 'data', 'media_type']);
    requiredString(src, 'data', path);
    requiredString(src, 'media_type', path);
  } else if (type === 'url') {
    only(src, path, ['type', 'url']);
    requiredString(src, 'url', path);
  } else if (type === 'file') {
    only(src, path, ['type', 'file_id']);
    requiredString(src, 'file_id', path);
  } else {
    only(src, path, ['type', 'data', 'media_type']);
    requiredString(src, 'data', path);
    literal(src, 'media_type', path, ['text/plain']);
  }
}

function block(value: unknown, path: string, kinds: readonly BlockKind[]): Json {
  const item = object(value, path);
  const type = literal(item, 'type', path, kinds);
  switch (type) {
    case 'text':
      only(item, path, ['type', 'text']);
      if (typeof item.text !== 'string')
        throw badRequest(
          join(path, 'text'),
          item.text === undefined ? 'Field required' : 'Input should be a string',
        );
      break;
    case 'image':
      only(item, path, ['type', 'source']);
      source(item.source, join(path, 'source'), ['base64', 'url', 'file']);
      break;
    case 'document':
      only(item, path, ['type', 'source', 'context', 'title']);
      source(item.source, join(path, 'source'), ['base64', 'text', 'url', 'file']);
      optionalString(item, 'context', path);
      optionalString(item, 'title', path);
      break;
    case 'redacted':
      only(item, path, ['type']);
      break;
    case 'search_result': {
      only(item, path, ['type', 'citations', 'content', 'source', 'title']);
      const citations = object(item.citations, join(path, 'citations'));
      only(citations, join(path, 'citations'), ['enabled']);
      if (typeof citations.enabled !== 'boolean')
        throw badRequest(join(path, 'citations.enabled'), 'Input should be a boolean');
      array(item, 'content', path, { min: 0, max: 1000 }).forEach((entry, index) =>
        block(entry, join(join(path, 'content'), index), ['text']),
      );
      requiredString(item, 'source', path);
      requiredString(item, 'title', path);
      break;
    }
  }
  return item;
}

function blocks(event: Json, path: string, kinds: readonly BlockKind[], required: boolean): void {
  if (!required && event.content === undefined) return;
  const min = required ? 1 : 0;
  array(event, 'content', path, { min, max: 1000 }).forEach((item, index) =>
    block(item, join(join(path, 'content'), index), kinds),
  );
}

/** Checks one sent event; `allowed` narrows the types (initial_events take only messages and outcomes). */
export function validateEvent(
  value: unknown,
  path: string,
  allowed: readonly string[] = SENDABLE_TYPES,
): Json {
  const event = object(value, path);
  const type = literal(event, 'type', path, allowed);
  switch (type) {
    case 'user.message':
      only(event, path, ['type', 'content']);
      blocks(event, path, ['text', 'image', 'document', 'redacted'], true);
      break;
    case 'user.interrupt':
      only(event, path, ['type', 'session_thread_id']);
      optionalString(event, 'session_thread_id', path);
      break;
    case 'user.tool_confirmation': {
      only(event, path, ['type', 'tool_use_id', 'result', 'deny_message']);
      requiredString(event, 'tool_use_id', path);
      const result = literal(event, 'result', path, ['allow', 'deny']);
      const message = optionalString(event, 'deny_message', path);
      if (result === 'allow' && message != null) {
        throw badRequest(join(path, 'deny_message'), "is only allowed when result is 'deny'");
      }
      break;
    }
    case 'user.custom_tool_result':
      only(event, path, ['type', 'custom_tool_use_id', 'content', 'is_error']);
      requiredString(event, 'custom_tool_use_id', path);
      blocks(event, path, ['text', 'image', 'document', 'search_result'], false);
      optionalBoolean(event, 'is_error', path);
      break;
    case 'user.tool_result':
      only(event, path, ['type', 'tool_use_id', 'content', 'is_error']);
      requiredString(event, 'tool_use_id', path);
      blocks(event, path, ['text', 'image', 'document', 'search_result'], false);
      optionalBoolean(event, 'is_error', path);
      break;
    case 'user.define_outcome': {
      only(event, path, ['type', 'description', 'rubric', 'max_iterations']);
      requiredString(event, 'description', path);
      const rubricPath = join(path, 'rubric');
      const rubric = object(event.rubric, rubricPath);
      if (literal(rubric, 'type', rubricPath, ['text', 'file']) === 'text') {
        only(rubric, rubricPath, ['type', 'content']);
        requiredString(rubric, 'content', rubricPath);
      } else {
        only(rubric, rubricPath, ['type', 'file_id']);
        requiredString(rubric, 'file_id', rubricPath);
      }
      const max = event.max_iterations;
      if (
        max !== undefined &&
        max !== null &&
        !(Number.isInteger(max) && (max as number) >= 1 && (max as number) <= 20)
      ) {
        throw badRequest(join(path, 'max_iterations'), 'Input should be an integer from 1 to 20');
      }
      break;
    }
    case 'system.message':
      only(event, path, ['type', 'content']);
      blocks(event, path, ['text'], true);
      break;
  }
  return event;
}
