import re, sys
rcmap = {'ok':'0','Invalid argument':'-EINVAL','Permission denied':'-EACCES','Operation not permitted':'-EPERM','Bad address':'-EFAULT','Cannot allocate memory':'-ENOMEM'}
def parse(fn, prefix=''):
    kinds = []
    cur = None
    for line in open(fn):
        line = line.rstrip('\n')
        m = re.match(r'== (sealed )?(\S+)$', line)
        if m:
            if m.group(2) == 'vdso': cur = None; continue
            cur = {'kind': m.group(2), 'base': None, 'rows': []}; kinds.append(cur); continue
        if cur is None: continue
        m = re.match(r'\s+base: \[ (.*)\]$', line)
        if m: cur['base'] = m.group(1); continue
        m = re.match(r'\s+(\d+) rc=(.*?)\s+vmas=(\d+) (.*)$', line)
        if m:
            adv, rc, n, rest = m.groups()
            fl = 'NULL' if rest == '(same)' else '"%s"' % rest.strip() + ''
            if rest != '(same)': fl = '"%s "' % rest.strip()
            cur['rows'].append((adv, rcmap[rc.strip()], n, fl))
    return kinds
def emit(name, kinds):
    print('static const struct kind_table %s[] = {' % name)
    for k in kinds:
        print('\t{ "%s", "%s",\n\t  {' % (k['kind'], k['base']))
        for adv, rc, n, fl in k['rows']:
            print('\t\t{ %s, %s, %s, %s },' % (adv, rc, n, fl))
        print('\t\t{ -1, 0, 0, NULL } } },')
    print('};')
emit(sys.argv[2], parse(sys.argv[1]))
