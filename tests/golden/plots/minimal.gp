# Roofline picture minimal.png, written by roofline with its data file. To restyle
# it, edit this script and run gnuplot on it in its directory. Label
# positions and the angle of the roof labels are worked out for this size.
set encoding utf8
set terminal pngcairo size 1600,1000 font 'DejaVu Sans,18' linewidth 1.00 background '#ffffff' noenhanced
if (!exists("outfile")) outfile = './minimal.png'
if (!exists("datafile")) datafile = './minimal.dat'
set output outfile
set label 1001 'Roofline of Test CPU (one thread, 3.67 GHz)' at screen 0.5315,0.9640 center front noenhanced font ',20'
set label 1002 'operational intensity (ops/byte of DRAM traffic)' at screen 0.5315,0.0264 center front noenhanced
set label 1003 'performance (Gop/s)' at screen 0.0165,0.5168 center rotate by 90 front noenhanced
set logscale xy
set format x '%g'
set format y '%g'
set xrange [0.001:10]
set yrange [0.01:100]
set lmargin at screen 0.0870
set rmargin at screen 0.9760
set bmargin at screen 0.1056
set tmargin at screen 0.9280
set grid xtics ytics lw 1 lc rgb '#d9d9d9'
set border lw 1.5
set tics nomirror out
set mxtics 10
set mytics 10
set style textbox opaque noborder margins 0.5,0.5
set key top left Left reverse samplen 1.5 spacing 1.25 box lw 1 lc rgb '#bbbbbb' opaque width 1
set label 1 'triad (per element)' at 0.0795374,1.17516 left front noenhanced textcolor rgb '#000000' boxed
set label 2 '0.70 ops/B' at 0.668114,19.8554 left front noenhanced textcolor rgb '#081d58'
set label 3 'DRAM 20.0 GB/s' at 0.00107081,0.0278841 left rotate by 30.0 front noenhanced textcolor rgb '#081d58'
set label 4 'integer scalar 14.0 Gop/s' at 9.2524,11.1405 right front noenhanced textcolor rgb '#b35806' boxed
plot datafile index 0 with lines lw 3.5 dt 1 lc rgb '#081d58' notitle, \
     datafile index 1 with lines lw 3.0 dt 1 lc rgb '#b35806' notitle, \
     datafile index 2 with points pt 7 ps 2.2 lc rgb '#000000' title 'kernel (static count)', \
     datafile index 3 with points pt 6 ps 1.8 lc rgb '#081d58' title 'ridge point'
