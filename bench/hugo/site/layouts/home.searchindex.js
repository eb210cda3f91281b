{{- /* Written out item by item: growing a slice with `append` copies it each time, which
   is quadratic at 1,600 homes (49,600 items). */ -}}
window.SITEGEN_SEARCH=[
{{- range $n, $hid := hugo.Data.supervision.homes -}}
  {{- $f := partialCached "homefacts.html" $hid $hid -}}
  {{- if $n }},{{ end -}}
  {{- dict "k" "home" "s" $f.page.Params.township "t" $f.page.Title "u" (printf "homes/%s/index.html" $hid) | jsonify | safeJS -}}
  {{- range $t := $f.teams -}}
    {{- $tu := printf "homes/%s/teams/%s/index.html" $hid $t.Params.team -}}
    ,{{ dict "k" "team" "s" (printf "%s · %s" $t.Params.unit $f.page.Params.township) "t" (partial "teamname.html" $t.Params.village) "u" $tu | jsonify | safeJS -}}
    {{- range $t.Params.members }},{{ dict "k" "member" "s" (printf "%s · %s · %s" .role (or .unit $t.Params.unit) $t.Params.village) "t" .name "u" $tu | jsonify | safeJS }}{{ end -}}
  {{- end -}}
{{- end -}}
];
