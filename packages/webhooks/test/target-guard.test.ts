import { describe, expect, it } from 'vitest'
import { checkTarget, isPublicAddress, TargetRefused } from '../src/index.js'

describe('the SSRF guard', () => {
  it('tells public addresses from private, loopback, link-local and reserved ones', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34']) expect(isPublicAddress(address), address).toBe(true)
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ]) {
      expect(isPublicAddress(address), address).toBe(false)
    }
    expect(isPublicAddress('172.32.0.1')).toBe(true)
  })

  it('checks every address a name resolves to, and lets the flag allow this network and plain http', async () => {
    const resolve = async (host: string) =>
      host === 'mixed.example' ? [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }] : [{ address: '93.184.216.34', family: 4 }]
    await expect(checkTarget('https://public.example/hook', { allowPrivate: false, resolve })).resolves.toMatchObject({ addresses: [{ address: '93.184.216.34' }] })
    // One private address among public ones is enough to refuse (a rebinding name could pick it).
    await expect(checkTarget('https://mixed.example/hook', { allowPrivate: false, resolve })).rejects.toThrow(/10\.0\.0\.7/)
    await expect(checkTarget('http://public.example/hook', { allowPrivate: false, resolve })).rejects.toThrow(TargetRefused)
    await expect(checkTarget('https://user:secret@public.example/hook', { allowPrivate: false, resolve })).rejects.toThrow(/credentials/)
    await expect(checkTarget('https://[::1]:8443/hook', { allowPrivate: false, resolve })).rejects.toThrow(/::1/)
    await expect(checkTarget('http://127.0.0.1:9/hook', { allowPrivate: true, resolve })).resolves.toMatchObject({ addresses: [{ address: '127.0.0.1' }] })
    await expect(checkTarget('https://nowhere.invalid/hook', { allowPrivate: true, resolve: async () => Promise.reject(new Error('ENOTFOUND')) })).rejects.toThrow(/does not resolve/)
  })
})
