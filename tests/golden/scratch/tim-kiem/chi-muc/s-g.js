CongkhaiSearch.load("s:g",{"gioi":[["giơi4"],"GVB"],"gioi_thieu":[[],"GJ"],"gov":[[],"HM"],"gui":[[],"HM"]});
