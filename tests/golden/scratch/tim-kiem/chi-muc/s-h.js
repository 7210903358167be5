CongkhaiSearch.load("s:h",{"han":[[],"CM"],"hanh":[["hanh1"],"DJB"],"hanh_chinh":[[],"DJ"],"ho":[["hô5"],"BKBAeB"],"hoac":[[],"HM"],"hoach":[["hoach5"],"DJB"],"hoach_so":[[],"DJ"]});
