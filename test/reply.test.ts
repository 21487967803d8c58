import { describe, expect, it } from 'vitest';
import { MAX_REPLY_REFERENCES, encodeMailtoValue, replyMailto, replySubject } from '../src/lib/reply.ts';

describe('replyMailto', () => {
  it('replies to the list in the thread: Re: subject, In-Reply-To and References with the message itself', () => {
    const link = replyMailto({ to: 'dev@lists.example.org', messageId: 'b@x.org', references: ['a@x.org'], subject: 'Release plan' });
    expect(link).toBe('mailto:dev@lists.example.org?subject=Re:%20Release%20plan&In-Reply-To=%3Cb@x.org%3E&References=%3Ca@x.org%3E%20%3Cb@x.org%3E');
    const url = new URL(link);
    expect(url.searchParams.get('subject')).toBe('Re: Release plan');
    expect(url.searchParams.get('In-Reply-To')).toBe('<b@x.org>');
    expect(url.searchParams.get('References')).toBe('<a@x.org> <b@x.org>');
  });

  it('percent-encodes what RFC 6068 reserves and UTF-8, so a hostile subject cannot add fields', () => {
    expect(encodeMailtoValue('a&b=c?d#e%f g')).toBe('a%26b%3Dc%3Fd%23e%25f%20g');
    expect(encodeMailtoValue('日本')).toBe('%E6%97%A5%E6%9C%AC');
    const link = replyMailto({ to: 'l@x.org', messageId: 'm@x', references: [], subject: 'x&body=pwned' });
    expect([...new URL(link).searchParams.keys()]).toEqual(['subject', 'In-Reply-To', 'References']);
    expect(new URL(link).searchParams.get('subject')).toBe('Re: x&body=pwned');
  });

  it('keeps a reply subject as it is and names a message without one', () => {
    expect(replySubject('Re: x')).toBe('Re: x');
    expect(replySubject('AW: x')).toBe('AW: x');
    expect(replySubject('')).toBe('Re: (no subject)');
  });

  it('cuts long References to the root and the nearest ancestors', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `r${i}@x`);
    const kept = new URL(replyMailto({ to: 'l@x.org', messageId: 'me@x', references: refs, subject: 's' })).searchParams.get('References')!.split(' ');
    expect(kept).toHaveLength(MAX_REPLY_REFERENCES + 1);
    expect(kept[0]).toBe('<r0@x>');
    expect(kept.slice(-2)).toEqual(['<r39@x>', '<me@x>']);
  });
});
