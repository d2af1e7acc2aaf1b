import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setsCookieNamed, stripCookies } from './strip-cookies.js';

const names = ['cnh_visitor'];

describe('stripCookies', () => {
  it('removes the hub cookie wherever it sits and keeps the rest in order', () => {
    assert.equal(stripCookies('cnh_visitor=v; _xsrf=x', names), '_xsrf=x');
    assert.equal(stripCookies('_xsrf=x; cnh_visitor=v', names), '_xsrf=x');
    assert.equal(stripCookies('a=1; cnh_visitor=v; b=2', names), 'a=1; b=2');
    assert.equal(stripCookies('a=1;cnh_visitor=v;b=2', names), 'a=1; b=2');
    assert.equal(stripCookies(' cnh_visitor = v ; a=1', names), 'a=1');
  });

  it('removes every copy', () => {
    assert.equal(stripCookies('cnh_visitor=1; a=1; cnh_visitor=2', names), 'a=1');
  });

  it('returns undefined when nothing is left', () => {
    assert.equal(stripCookies('cnh_visitor=v', names), undefined);
    assert.equal(stripCookies('cnh_visitor=v; ;', names), undefined);
  });

  it('keeps cookies whose names only resemble the hub cookie', () => {
    const header = 'xcnh_visitor=1; cnh_visitor2=2; CNH_VISITOR=3; cnh_visitorx';
    assert.equal(stripCookies(header, names), header);
    assert.equal(stripCookies('a=cnh_visitor', names), 'a=cnh_visitor');
  });

  it('leaves a header without the name untouched (same string)', () => {
    const header = '_xsrf=2|abc; username-localhost-8888=x';
    assert.equal(stripCookies(header, names), header);
  });

  it('removes a valueless cookie of that name', () => {
    assert.equal(stripCookies('cnh_visitor; a=1', names), 'a=1');
  });

  it('handles several names', () => {
    assert.equal(stripCookies('a=1; b=2; c=3', ['a', 'c']), 'b=2');
  });
});

describe('setsCookieNamed', () => {
  it('matches Set-Cookie values by cookie name', () => {
    assert.equal(setsCookieNamed('cnh_visitor=x; Path=/', names), true);
    assert.equal(setsCookieNamed('cnh_visitor=; Max-Age=0', names), true);
    assert.equal(setsCookieNamed(' cnh_visitor =x', names), true);
    assert.equal(setsCookieNamed('_xsrf=x; Path=/user/abc/', names), false);
    assert.equal(setsCookieNamed('a=cnh_visitor', names), false);
    assert.equal(setsCookieNamed('cnh_visitor', names), true);
  });
});
